# -n checks each timer probe's rate at its own line and column
$BTRACE -n -e 'interval:s:1 { } interval:us:99 { }'
echo "status $?"
$BTRACE -n -e 'profile:hz:99 { } interval:ms:0100 { } interval:s:3 { }'
echo "status $?"
