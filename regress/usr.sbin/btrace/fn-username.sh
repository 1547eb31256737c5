# username: the name of the uid, as id(1) says
u=$($BTRACE -e 'BEGIN { printf("%s\n", username) }')
[ "$u" = "$(id -un)" ] && echo "username is id -un"
$BTRACE -e 'BEGIN { @[username] = count() }' | sed "s/$(id -un)/NAME/"
