package tcpsim.experiments.config;

/** When the clients open connections. */
public sealed interface Arrivals {
    /** Poisson process: exponential gaps with mean 1/rate, drawn from the random stream "arrivals". */
    record Poisson(double ratePerSecond) implements Arrivals {
    }

    /** One connection every 1/rate seconds, the first at time 0. */
    record Constant(double ratePerSecond) implements Arrivals {
    }

    /**
     * {@code concurrency} client applications, each opening its next connection {@code thinkTime} ns after it is
     * done with the previous one (it has closed its side, or the connection failed).
     */
    record ClosedLoop(int concurrency, long thinkTime) implements Arrivals {
    }
}
