/**
 * The discrete-event kernel: {@link tcpsim.kernel.Simulation} (the nanosecond clock, scheduling with handles,
 * lazy cancellation, {@code run}/{@code runUntil}/{@code stop}), its pending-event set (the package-private
 * {@code EventQueue}, a 4-ary heap in a primitive array) and {@link tcpsim.kernel.Lane}s (FIFO rings for
 * events whose times never decrease in push order, such as fixed-delay timers, merged with the heap by time and
 * scheduling sequence), {@link tcpsim.kernel.Event} (a handler), {@link tcpsim.kernel.Time} (units and
 * formatting) and {@link tcpsim.kernel.RandomStreams} (named, seeded random streams). The determinism contract:
 * events run in (time, scheduling sequence) order, and all randomness comes from named streams.
 */
package tcpsim.kernel;
