package tcpsim.kernel.net;

import org.apache.commons.math3.random.RandomGenerator;
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
 */
public final class Channel {
    private final Network network;
    private final Simulation sim;
    private final String name;
    private final Node from;
    private final Node to;
    private final ChannelSpec spec;
    private final RandomGenerator jitterRandom;

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
        sim.scheduleAt(arrival, () -> arrive(packet));
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
