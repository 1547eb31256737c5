/* Test headers for #include (headers.c). */
#define AF_UNSPEC	0
#define AF_INET		2	/* Internet IP Protocol */
#define AF_INET6	10
