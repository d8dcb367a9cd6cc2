#include "util/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct pool_thread {
    hy_pool *pool;
    unsigned index;
    pthread_t id;
} pool_thread;

struct hy_pool {
    pthread_mutex_t lock;
    pthread_cond_t changed;     /* a task finished, or the pool ran dry */
    hy_pool_task fn;
    void *ctx;
    size_t ntasks;
    size_t next;                /* the next task to hand out */
    size_t prefix;              /* tasks 0..prefix-1 are all finished */
    unsigned char *finished;    /* one flag per task, for the prefix */
    unsigned running;           /* tasks handed out and not yet finished */
    int stopped;
    pool_thread *threads;
    unsigned nthreads;          /* threads started */
};

/* Nothing is running and nothing more will be handed out. */
static int pool_idle(const hy_pool *p)
{
    return p->running == 0 && (p->stopped || p->next == p->ntasks);
}

static void *pool_worker(void *arg)
{
    pool_thread *t = arg;
    hy_pool *p = t->pool;
    pthread_mutex_lock(&p->lock);
    while (!p->stopped && p->next < p->ntasks) {
        size_t task = p->next++;
        p->running++;
        pthread_mutex_unlock(&p->lock);
        p->fn(p->ctx, task, t->index);
        pthread_mutex_lock(&p->lock);
        p->running--;
        p->finished[task] = 1;
        while (p->prefix < p->ntasks && p->finished[p->prefix])
            p->prefix++;
        pthread_cond_broadcast(&p->changed);
    }
    /* The waiter also wants to know when the pool runs dry after a stop. */
    if (pool_idle(p))
        pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

int pool_start(unsigned threads, size_t ntasks, hy_pool_task fn, void *ctx, hy_pool **out)
{
    *out = NULL;
    if (threads == 0)
        threads = 1;
    hy_pool *p = calloc(1, sizeof *p);
    if (!p)
        return ENOMEM;
    p->fn = fn;
    p->ctx = ctx;
    p->ntasks = ntasks;
    p->finished = calloc(ntasks ? ntasks : 1, 1);
    p->threads = calloc(threads, sizeof *p->threads);
    if (!p->finished || !p->threads) {
        free(p->finished);
        free(p->threads);
        free(p);
        return ENOMEM;
    }
    /* A monotonic clock for pool_wait's timeout: setting the wall clock
     * must not make a progress line freeze or spin. */
    pthread_condattr_t ca;
    int rc = pthread_condattr_init(&ca);
    if (rc == 0) {
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        rc = pthread_cond_init(&p->changed, &ca);
        pthread_condattr_destroy(&ca);
    }
    if (rc == 0 && (rc = pthread_mutex_init(&p->lock, NULL)) != 0)
        pthread_cond_destroy(&p->changed);
    if (rc != 0) {
        free(p->finished);
        free(p->threads);
        free(p);
        return rc;
    }
    for (unsigned i = 0; i < threads; i++) {
        p->threads[i].pool = p;
        p->threads[i].index = i;
        rc = pthread_create(&p->threads[i].id, NULL, pool_worker, &p->threads[i]);
        if (rc != 0)
            break;
        p->nthreads++;
    }
    /* Fewer threads than asked for still do all the work; none cannot. */
    if (p->nthreads == 0) {
        pool_finish(p);
        return rc;
    }
    *out = p;
    return 0;
}

size_t pool_wait(hy_pool *p, size_t seen, unsigned timeout_ms)
{
    struct timespec deadline;
    if (timeout_ms) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&p->lock);
    while (p->prefix <= seen && !pool_idle(p)) {
        if (!timeout_ms)
            pthread_cond_wait(&p->changed, &p->lock);
        else if (pthread_cond_timedwait(&p->changed, &p->lock, &deadline) == ETIMEDOUT)
            break;
    }
    size_t done = p->prefix;
    pthread_mutex_unlock(&p->lock);
    return done;
}

void pool_stop(hy_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->stopped = 1;
    pthread_mutex_unlock(&p->lock);
}

size_t pool_finish(hy_pool *p)
{
    if (!p)
        return 0;
    for (unsigned i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i].id, NULL);
    size_t done = p->prefix;
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p->finished);
    free(p->threads);
    free(p);
    return done;
}

unsigned pool_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (unsigned)n;
}
