package dev.neurite.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of daemon threads that run the parts of one job at a time: part 0 on the calling
 * thread, parts 1 … n−1 on the workers. A job is published, not allocated, so running one
 * allocates nothing. Workers spin briefly for the next job before parking, so that the many
 * short hand-offs of a training step do not each wait for a parked thread to wake.
 *
 * <p>One job runs at a time; a caller that finds the pool busy (another thread's product, or
 * its own: a product called from within a part) runs every part itself. Since each part is a
 * fixed piece of the output, the results are the same.
 */
final class WorkerPool {
    /** A job split into parts; {@code run(part)} must touch only its part's share of the output. */
    interface Job {
        void run(int part, int parts);
    }

    private static final int SPINS = 20_000;

    private final int size;
    private final Thread[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile Job job;
    private volatile int parts;
    private volatile Throwable failure;
    private volatile boolean waiting;
    private volatile Thread caller;

    WorkerPool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("threads must be > 0, got " + size);
        }
        this.size = size;
        this.workers = new Thread[size - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = new Worker(() -> work(part), "neurite-worker-" + part);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /** Number of parts a job is split into (the calling thread included). */
    int size() {
        return size;
    }

    /**
     * The parts a job started by the calling thread should be split into: 1 while it runs a part
     * of a job itself (it is a pool's worker, of any pool: they run nothing else, or it runs part
     * 0 of this pool's job), the other threads being busy with their own parts; else {@link #size}.
     */
    int available() {
        return Thread.currentThread() instanceof Worker || lock.isHeldByCurrentThread() ? 1 : size;
    }

    /** A pool's thread: it runs nothing but parts of jobs. */
    private static final class Worker extends Thread {
        Worker(Runnable body, String name) {
            super(body, name);
        }
    }

    /** Runs {@code j} in {@code n ≤ size()} parts and returns when all are done; rethrows a part's failure. */
    void run(Job j, int n) {
        if (n <= 1 || size == 1 || lock.isHeldByCurrentThread() || !lock.tryLock()) {
            for (int part = 0; part < n; part++) {
                j.run(part, n);
            }
            return;
        }
        try {
            failure = null;
            job = j;
            parts = n;
            caller = Thread.currentThread();
            pending.set(n - 1);
            generation++;
            for (int i = 0; i < n - 1; i++) {
                LockSupport.unpark(workers[i]);
            }
            try {
                j.run(0, n);
            } catch (RuntimeException | Error e) {
                try {
                    awaitParts(); // the workers' parts end before the pool is free again
                } catch (RuntimeException | Error other) {
                    e.addSuppressed(other);
                }
                throw e;
            }
            awaitParts();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the workers' parts of the current job are done, then rethrows a worker's failure, if any. */
    private void awaitParts() {
        int spins = 0;
        while (pending.get() > 0) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                waiting = true;
                if (pending.get() > 0) {
                    LockSupport.parkNanos(this, 100_000);
                }
                waiting = false;
            }
        }
        job = null;
        Throwable t = failure;
        if (t != null) {
            failure = null;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    private void work(int part) {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            Job j = job;
            int n = parts;
            if (j != null && part < n) {
                try {
                    j.run(part, n);
                } catch (Throwable t) {
                    failure = t;
                }
                if (pending.decrementAndGet() == 0 && waiting) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
