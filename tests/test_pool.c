/* tests for util/pool: every task once, results in task order, stop, timeout */
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "util/pool.h"

#define NTASKS 200

typedef struct counting {
    atomic_int runs[NTASKS];
    atomic_uint max_worker;
    atomic_int started;
    sem_t gate;              /* tasks listed in `held` wait on it */
    int held[NTASKS];
} counting;

static void count_task(void *arg, size_t task, unsigned worker)
{
    counting *c = arg;
    atomic_fetch_add(&c->started, 1);
    unsigned m = atomic_load(&c->max_worker);
    while (worker > m && !atomic_compare_exchange_weak(&c->max_worker, &m, worker))
        ;
    if (c->held[task])
        sem_wait(&c->gate);
    atomic_fetch_add(&c->runs[task], 1);
}

static counting *counting_new(void)
{
    static counting c;
    memset(&c, 0, sizeof c);
    sem_init(&c.gate, 0, 0);
    return &c;
}

/* Sleeps a millisecond; polling helpers below give up after ~5 s. */
static void nap(void)
{
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
}

static int wait_started(counting *c, int n)
{
    for (int i = 0; i < 5000 && atomic_load(&c->started) < n; i++)
        nap();
    return atomic_load(&c->started);
}

static void test_every_task_once(void)
{
    for (unsigned threads = 1; threads <= 4; threads++) {
        counting *c = counting_new();
        hy_pool *p;
        CU_ASSERT_EQUAL_FATAL(pool_start(threads, NTASKS, count_task, c, &p), 0);
        CU_ASSERT_EQUAL(pool_wait(p, NTASKS - 1, 0), NTASKS);
        CU_ASSERT_EQUAL(pool_finish(p), NTASKS);
        int once = 0;
        for (int i = 0; i < NTASKS; i++)
            once += atomic_load(&c->runs[i]) == 1;
        CU_ASSERT_EQUAL(once, NTASKS);
        CU_ASSERT(atomic_load(&c->max_worker) < threads);
        sem_destroy(&c->gate);
    }
}

/* Task 0 is slow: every other task finishes first, yet nothing counts as
 * done in order until task 0 is. */
static void test_done_in_task_order(void)
{
    counting *c = counting_new();
    c->held[0] = 1;
    hy_pool *p;
    CU_ASSERT_EQUAL_FATAL(pool_start(2, 20, count_task, c, &p), 0);
    CU_ASSERT_EQUAL(wait_started(c, 20), 20);
    for (int i = 0; i < 5000 && atomic_load(&c->runs[19]) == 0; i++)
        nap();
    CU_ASSERT_EQUAL(atomic_load(&c->runs[19]), 1);
    CU_ASSERT_EQUAL(pool_wait(p, 0, 20), 0);     /* times out: task 0 still runs */
    sem_post(&c->gate);
    CU_ASSERT_EQUAL(pool_wait(p, 0, 0), 20);
    CU_ASSERT_EQUAL(pool_finish(p), 20);
    sem_destroy(&c->gate);
}

/* After a stop, tasks already running finish and no other starts. */
static void test_stop(void)
{
    counting *c = counting_new();
    for (int i = 0; i < NTASKS; i++)
        c->held[i] = 1;
    hy_pool *p;
    CU_ASSERT_EQUAL_FATAL(pool_start(2, NTASKS, count_task, c, &p), 0);
    CU_ASSERT_EQUAL(wait_started(c, 2), 2);
    pool_stop(p);
    sem_post(&c->gate);
    sem_post(&c->gate);
    /* the pool runs dry: the wait returns without a timeout */
    CU_ASSERT_EQUAL(pool_wait(p, NTASKS - 1, 0), 2);
    CU_ASSERT_EQUAL(pool_finish(p), 2);
    CU_ASSERT_EQUAL(atomic_load(&c->started), 2);
    CU_ASSERT_EQUAL(atomic_load(&c->runs[0]) + atomic_load(&c->runs[1]), 2);
    sem_destroy(&c->gate);
}

static void test_no_tasks(void)
{
    counting *c = counting_new();
    hy_pool *p;
    CU_ASSERT_EQUAL_FATAL(pool_start(3, 0, count_task, c, &p), 0);
    CU_ASSERT_EQUAL(pool_wait(p, 0, 0), 0);
    CU_ASSERT_EQUAL(pool_finish(p), 0);
    CU_ASSERT_EQUAL(atomic_load(&c->started), 0);
    CU_ASSERT_EQUAL(pool_finish(NULL), 0);
    CU_ASSERT(pool_cpus() >= 1);
    sem_destroy(&c->gate);
}

int main(void)
{
    static const hy_test tests[] = {
        {"every task runs once, on workers 0..threads-1", test_every_task_once},
        {"tasks count as done only in task order", test_done_in_task_order},
        {"stop lets running tasks finish and starts no more", test_stop},
        {"no tasks", test_no_tasks},
        {NULL, NULL},
    };
    return test_main("pool", tests);
}
