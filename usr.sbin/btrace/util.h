/* SPDX-License-Identifier: ISC */
/*
 * Small helpers of every part of btrace(8): arrays that grow, the size
 * of a static array, the monotonic clock, 128-bit decimals.
 */

#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The number of elements of a static array. */
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Arrays that grow at their end hold n elements in room for cap.
 * GROW(a, n, cap) makes room for a[n], doubling the room when the array
 * is full, and exits if memory runs out; then a[n++] = v appends.
 * array_room() is the same growth for code that reports running out
 * itself: the array with room for a[n] (*capp raised), or NULL with the
 * array and *capp as they were.
 */
#define GROW(a, n, cap)							\
	((a) = array_grow((a), (n), &(cap), sizeof(*(a))))

void	*array_room(void *, size_t, size_t *, size_t);
void	*array_grow(void *, size_t, size_t *, size_t);

/*
 * A table indexed by id: make it hold at least `want' elements, the
 * new ones zeroed; *np is raised to the new size.  Exits if memory runs
 * out.
 */
void	*table_reserve(void *, size_t *, size_t, size_t);

/* CLOCK_MONOTONIC in nanoseconds, the clock of dt(4)'s timestamps. */
uint64_t now_nsecs(void);

/*
 * The clock of a run: elapsed counts from start_nsecs, and an event's
 * timestamp plus wall_offset is its wall time.  clock_start() sets both
 * from this machine's clocks; a recording brings its own.
 */
extern uint64_t	 start_nsecs;	/* CLOCK_MONOTONIC at start */
extern uint64_t	 wall_offset;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
void		 clock_start(void);

/* An unsigned 128-bit integer in decimal, in a buffer of U128_STRLEN. */
#define U128_STRLEN	40
const char	*u128_str(char *, size_t, unsigned __int128);

#endif /* UTIL_H */
