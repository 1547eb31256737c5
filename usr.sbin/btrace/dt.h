/*
 * btrace(8)'s side of dt(4).
 */

#ifndef DT_H
#define DT_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "btrace.h"

extern uint64_t	 dt_nevents;

void		 dt_open(void);
void		 dt_list(char *const *, int, int);
int		 dt_resolve(struct program *);
void		 dt_start(const pid_t *, int);
void		 dt_stop(void);
enum eval_status dt_loop(volatile sig_atomic_t *, int);
enum eval_status dt_drain(void);
void		 dt_stats(int, double);
void		 dt_record(const char *);
void		 dt_record_end(const char *);
void		 dt_replay_open(const char *);
enum eval_status dt_replay_run(volatile sig_atomic_t *);

#endif /* DT_H */
