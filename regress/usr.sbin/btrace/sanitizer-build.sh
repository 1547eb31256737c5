# the tests run under AddressSanitizer and UBSan when btrace-san is built
case $(readlink "$(command -v "$BTRACE")") in
*/btrace-san) echo "sanitizer build" ;;
*) echo "not the sanitizer build" ;;
esac
