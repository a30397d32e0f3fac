package tcpsim.kernel.net;

import org.apache.commons.math3.random.RandomGenerator;
import tcpsim.kernel.Event;
import tcpsim.kernel.Lane;
import tcpsim.kernel.Simulation;

/**
 * One direction of a point-to-point link: a drop-tail queue in front of a wire of some bandwidth, then
 * propagation latency (plus optional jitter) to the far node.
 *
 * <p>Timing of a packet of {@code size} bytes offered at time {@code t}: it starts serialising when the wire is
 * free ({@code start = max(t, end of the previous packet)}), finishes {@code ceil(size * 8 * 1e9 / bandwidth)} ns
 * later, and arrives {@code latency} (+ jitter) after that. A packet arriving when {@code queueLimit} packets
 * already wait is tail-dropped. The loss model is consulted for every packet the queue accepts; a lost packet
 * still occupies the wire (it is lost in flight).
 *
 * <p>Unless jitter may reorder packets, arrival times never decrease in send order (the wire frees up in order
 * and the latency is the same for all; jitter without reordering is clamped to the previous arrival), so the
 * arrivals go through one kernel {@link Lane} with the packets in flight in a ring buffer beside it and a single
 * handler that delivers the oldest: no allocation per packet. A packet that arrives the moment it is sent (no
 * latency, no bandwidth limit: the server side of a star) is scheduled with the same handler at now, usually into
 * the event queue's front, which costs less than the lane. With reordering jitter each arrival is its own heap
 * event.
 */
public final class Channel {
    private final Network network;
    private final Simulation sim;
    private final String name;
    private final Node from;
    private final Node to;
    private final ChannelSpec spec;
    private final RandomGenerator jitterRandom;

    private final Lane arrivals; // null when jitter may reorder packets
    private final Event arriveNext = this::arriveNext;
    // packets scheduled on the arrivals lane and not yet delivered, a ring buffer in send order
    private Packet[] inFlight = new Packet[0];
    private int inFlightHead;
    private int inFlightCount;

    private long wireFreeAt;
    private long lastArrival;
    // start times of packets waiting for the wire, a ring buffer in FIFO order
    private long[] waitingStarts = new long[16];
    private int waitingHead;
    private int waitingCount;

    private long sent;
    private long delivered;
    private long droppedQueue;
    private long droppedLoss;

    Channel(Network network, String name, Node from, Node to, ChannelSpec spec) {
        this.network = network;
        this.sim = network.simulation();
        this.name = name;
        this.from = from;
        this.to = to;
        this.spec = spec;
        this.jitterRandom = spec.jitter() > 0 ? sim.random().stream("jitter:" + name) : null;
        this.arrivals = spec.jitter() > 0 && spec.reorder() ? null : sim.newLane(spec.latency());
    }

    public String name() {
        return name;
    }

    public Node from() {
        return from;
    }

    public Node to() {
        return to;
    }

    public ChannelSpec spec() {
        return spec;
    }

    /** Serialisation time of a packet of {@code sizeBytes} on this channel, in ns (0 when bandwidth is unlimited). */
    public long serialisationDelay(int sizeBytes) {
        if (spec.bandwidth() == 0) {
            return 0;
        }
        long bits = sizeBytes * 8L * 1_000_000_000L;
        return (bits + spec.bandwidth() - 1) / spec.bandwidth();
    }

    /** Packets waiting behind the wire right now (not counting the one being serialised). */
    public int waiting() {
        long now = sim.now();
        while (waitingCount > 0 && waitingStarts[waitingHead] <= now) {
            waitingHead = (waitingHead + 1) & (waitingStarts.length - 1);
            waitingCount--;
        }
        return waitingCount;
    }

    public long sentCount() {
        return sent;
    }

    public long deliveredCount() {
        return delivered;
    }

    public long queueDropCount() {
        return droppedQueue;
    }

    public long lossDropCount() {
        return droppedLoss;
    }

    /** Offers a packet to this channel at the current time. */
    public void send(Packet packet) {
        long now = sim.now();
        sent++;
        network.notifySend(now, this, packet);
        int queued = waiting();
        long start = Math.max(now, wireFreeAt);
        if (start > now && queued >= spec.queueLimit()) {
            droppedQueue++;
            network.notifyDrop(now, from, this, packet, DropReason.QUEUE_FULL);
            return;
        }
        if (start > now) {
            pushWaiting(start);
            queued++;
        }
        long finish = start + serialisationDelay(packet.sizeBytes());
        wireFreeAt = finish;
        network.notifyEnqueue(now, this, packet, queued);
        if (spec.loss().isLost(packet)) {
            droppedLoss++;
            network.notifyDrop(now, from, this, packet, DropReason.LOSS);
            return;
        }
        long arrival = finish + spec.latency();
        if (jitterRandom != null) {
            arrival += (long) (jitterRandom.nextDouble() * (spec.jitter() + 1));
            if (!spec.reorder()) {
                arrival = Math.max(arrival, lastArrival);
            }
        }
        lastArrival = Math.max(lastArrival, arrival);
        if (arrivals == null) {
            sim.scheduleAt(arrival, () -> arrive(packet));
        } else {
            pushInFlight(packet);
            if (arrival == now) {
                // a link without latency or bandwidth limit: the event queue's front takes it when nothing else is
                // due now, which spares the lane its push and pop (EventQueue, the front)
                sim.scheduleAt(arrival, arriveNext);
            } else {
                arrivals.scheduleAt(arrival, arriveNext);
            }
        }
    }

    /** The lane runs its events in the order they were scheduled, so the event now running is the oldest packet's. */
    private void arriveNext() {
        Packet packet = inFlight[inFlightHead];
        inFlight[inFlightHead] = null;
        inFlightHead = (inFlightHead + 1) & (inFlight.length - 1);
        inFlightCount--;
        arrive(packet);
    }

    private void pushInFlight(Packet packet) {
        if (inFlightCount == inFlight.length) {
            Packet[] bigger = new Packet[Math.max(8, 2 * inFlight.length)];
            for (int i = 0; i < inFlightCount; i++) {
                bigger[i] = inFlight[(inFlightHead + i) & (inFlight.length - 1)];
            }
            inFlight = bigger;
            inFlightHead = 0;
        }
        inFlight[(inFlightHead + inFlightCount) & (inFlight.length - 1)] = packet;
        inFlightCount++;
    }

    private void arrive(Packet packet) {
        delivered++;
        network.notifyDeliver(sim.now(), this, packet);
        to.receive(packet, this);
    }

    private void pushWaiting(long start) {
        if (waitingCount == waitingStarts.length) {
            long[] bigger = new long[waitingStarts.length * 2];
            for (int i = 0; i < waitingCount; i++) {
                bigger[i] = waitingStarts[(waitingHead + i) & (waitingStarts.length - 1)];
            }
            waitingStarts = bigger;
            waitingHead = 0;
        }
        waitingStarts[(waitingHead + waitingCount) & (waitingStarts.length - 1)] = start;
        waitingCount++;
    }

    @Override
    public String toString() {
        return name;
    }
}
