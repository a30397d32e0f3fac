/**
 * TCP endpoints running the RFC 9293 state machine on the sim-kernel network. The model emits events to
 * {@link tcpsim.tcp.TcpObserver}s; what is recorded from them lives in experiments.
 *
 * <h2>Where things are</h2>
 * <ul>
 * <li>{@link tcpsim.tcp.Tcp}: the TCP model of one simulation (public entry point): connection ids, observers, the
 * default profile and the ISN source; {@code install(host)} puts a stack on a host.</li>
 * <li>{@link tcpsim.tcp.TcpStack}: the TCP of one host: its connection table (demultiplexing by 4-tuple),
 * listeners, ephemeral ports, and the user calls LISTEN and CONNECT (RFC 9293 3.10.1).</li>
 * <li>{@link tcpsim.tcp.Connection}: the read-only public view of one connection (id, host, 4-tuple, state), valid
 * for its whole life; what observers see.</li>
 * <li>{@link tcpsim.tcp.TcpSocket}: the application's handle, a Connection plus the user calls SEND, CLOSE and
 * ABORT (RFC 9293 3.10.2-3.10.5) and Linux's shutdown(SHUT_WR).</li>
 * <li>{@link tcpsim.tcp.TcpConnection} (package-private): the one implementation of both; <b>the state machine
 * starts here</b>: {@code enter(state, cause)} is the single writer of the state (it starts and stops the timers
 * tied to a state and emits the transition), followed by the user calls and the timeouts of RFC 9293 3.10.8.</li>
 * <li>{@link tcpsim.tcp.Tcb} (package-private): the transmission control block of RFC 9293 3.3.1 held by a
 * TcpConnection until TIME_WAIT, where a small {@link tcpsim.tcp.TimeWait} record (itself the 2 MSL timer)
 * replaces it: sequence variables under the RFC's names, buffers, RTO estimator, congestion control, the
 * lazily re-armed {@link tcpsim.tcp.LazyTimer}s (retransmission, loss probe, on one kernel event) and the
 * {@link tcpsim.tcp.Timer} slots whose fixed delays put them on the stack's kernel lanes.</li>
 * <li>SEGMENT ARRIVES (RFC 9293 3.10.7): {@link tcpsim.tcp.SegmentArrives} (per-state entries and the eight steps),
 * with {@link tcpsim.tcp.AckArrives} (fifth step), {@link tcpsim.tcp.TextArrives} (seventh and eighth) and
 * {@link tcpsim.tcp.TimeWaitArrives}; segments leave through {@link tcpsim.tcp.Output}.</li>
 * <li>Supporting pieces: {@link tcpsim.tcp.Seq} (all sequence-number comparisons), {@link tcpsim.tcp.Segment},
 * {@link tcpsim.tcp.TcpProfile} (every duration and limit), {@link tcpsim.tcp.RtoEstimator},
 * {@link tcpsim.tcp.CongestionControl}, {@link tcpsim.tcp.ReceiveBuffer}, {@link tcpsim.tcp.Listener},
 * {@link tcpsim.tcp.ConnectionTable}, {@link tcpsim.tcp.PortAllocator}; the Linux-fidelity mechanisms of issue 10:
 * {@link tcpsim.tcp.TailLossProbe} (RFC 8985 probe timeout) and {@link tcpsim.tcp.Timestamps} (RFC 7323).</li>
 * </ul>
 *
 * <h2>Events</h2>
 * Every connection emits {@link tcpsim.tcp.TcpObserver#onStateChange} once per state change and ends with one
 * change to CLOSED followed by one {@link tcpsim.tcp.TcpObserver#onClosed} (the application's
 * {@link tcpsim.tcp.SocketCallbacks#onClosed} follows for sockets it was given). The exception is connect's port
 * exhaustion: that socket never leaves CLOSED, so only onClosed(PORT_EXHAUSTED) is emitted, from a zero-delay event.
 * An actively opened connection starts with CLOSED -&gt; SYN_SENT, a passively opened one with LISTEN -&gt;
 * SYN_RECEIVED (a connection in SYN_RECEIVED that is reset or sees a new SYN goes back to LISTEN and is discarded:
 * SYN_RECEIVED -&gt; LISTEN, then LISTEN -&gt; CLOSED with cause "discarded" and reason RESET).
 *
 * <h2>Causes of state changes</h2>
 * <ul>
 * <li>"connect" (CLOSED -&gt; SYN_SENT), "syn" (LISTEN -&gt; SYN_RECEIVED), "simultaneous open" (SYN_SENT -&gt;
 * SYN_RECEIVED), "syn-ack" (SYN_SENT or SYN_RECEIVED -&gt; ESTABLISHED), "ack" (SYN_RECEIVED -&gt;
 * ESTABLISHED), "syn cookie" (LISTEN -&gt; ESTABLISHED: an ACK carrying a valid SYN cookie, syncookies);</li>
 * <li>"close" (ESTABLISHED or SYN_RECEIVED -&gt; FIN_WAIT_1, CLOSE_WAIT -&gt; LAST_ACK, SYN_SENT -&gt; CLOSED);
 * "fin" (-&gt; CLOSE_WAIT, FIN_WAIT_1 -&gt; CLOSING or TIME_WAIT, FIN_WAIT_2 -&gt; TIME_WAIT); "ack of fin"
 * (FIN_WAIT_1 -&gt; FIN_WAIT_2, CLOSING -&gt; TIME_WAIT, LAST_ACK -&gt; CLOSED);</li>
 * <li>to CLOSED: "time-wait expired", "fin-wait-2 timeout", "rst", "abort", "listener closed", "discarded",
 * "reopened by syn" (a SYN took over the TIME_WAIT 4-tuple; with reopen-undo when the new connection is
 * established), "tw-reuse" (connect took it), "time-wait overflow" (FIN_WAIT_1, FIN_WAIT_2 or CLOSING -&gt; CLOSED: no
 * TIME_WAIT bucket left, max-tw-buckets), "syn retries
 * exhausted", "syn-ack retries exhausted", "data retries exhausted", "fin retries exhausted";
 * "rst" and "syn" also for SYN_RECEIVED -&gt; LISTEN.</li>
 * </ul>
 *
 * <h2>Close reasons</h2>
 * NORMAL: orderly end (TIME_WAIT expired, LAST_ACK acknowledged, close in SYN_SENT, TIME_WAIT ended by RST,
 * reopen or tw-reuse, TIME_WAIT skipped for want of a bucket); REFUSED: RST answering our SYN (or in SYN_RECEIVED after an active open); RESET: RST in a
 * synchronized state or in CLOSING / LAST_ACK, and discarded SYN_RECEIVED children; TIMEOUT: retries exhausted, or
 * the FIN_WAIT_2 timeout (the peer's FIN never came); PORT_EXHAUSTED; ABORTED: abort() or the listener closed
 * before accepting.
 */
package tcpsim.tcp;
