package tcpsim.experiments.sim;

import tcpsim.tcp.Connection;

/**
 * The workload's number of the connection a TCB belongs to: the {@code connection} column of every table. The model
 * numbers TCBs (both ends apart); the run's recorder matches a server TCB to its client connection by the reversed
 * 4-tuple, and this answers with that match, so every output names a connection the same way.
 */
@FunctionalInterface
public interface ConnectionNumbers {
    /** No workload: every TCB is unnumbered. */
    ConnectionNumbers NONE = c -> 0;

    /**
     * The workload's number (from 1) of the connection {@code tcb} is an end of, 0 when it belongs to none (e.g. a
     * second server TCB for one client connection). Valid from the TCB's first state change until its connection's
     * record is final; callers keep the answer.
     */
    long of(Connection tcb);
}
