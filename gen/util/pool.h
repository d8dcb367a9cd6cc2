/*
 * pool.h - a few threads working through numbered tasks, with the results
 * consumed in task order.
 *
 * Sheets are independent, so they can be rendered on every core; but what a
 * run prints and records (warnings, the first failure) must not depend on
 * which thread happened to be faster. So tasks 0..n-1 are handed out in
 * order, and the caller is told how long the run of finished tasks from task
 * 0 is: it consumes task k's results only once every task before k is done,
 * exactly as one thread would have produced them. Each task writes only its
 * own result slot (owned by the caller), so that needs no further locking.
 */
#ifndef HY_POOL_H
#define HY_POOL_H

#include <stddef.h>

typedef struct hy_pool hy_pool;

/* What a thread runs for one task. worker (0..threads-1) names the thread,
 * for state a caller keeps per thread. */
typedef void (*hy_pool_task)(void *ctx, size_t task, unsigned worker);

/* Starts `threads` threads (at least 1) working through tasks 0..ntasks-1.
 * Returns 0, or an errno value when no thread could be started (threads that
 * did start are stopped and joined first). */
int pool_start(unsigned threads, size_t ntasks, hy_pool_task fn, void *ctx, hy_pool **out);

/* Waits until more than `seen` tasks are finished in order, the pool has
 * nothing left to run, or timeout_ms passes (0: wait without limit).
 * Returns how many tasks, from task 0 on, are finished. */
size_t pool_wait(hy_pool *pool, size_t seen, unsigned timeout_ms);

/* Starts no further task; tasks already running finish. */
void pool_stop(hy_pool *pool);

/* Waits for the threads to end and frees the pool (NULL is allowed). Returns
 * how many tasks, from task 0 on, were finished: ntasks unless stopped. */
size_t pool_finish(hy_pool *pool);

/* The number of processors online, at least 1: the default number of threads. */
unsigned pool_cpus(void);

#endif
