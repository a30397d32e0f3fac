package tcpsim.tcp;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Network;

/**
 * The TCP model of one simulation: connection ids (unique, from 1 in creation order), observers, the default
 * profile and the ISN source. Install it on each host that runs TCP.
 */
public final class Tcp {
    private final Simulation sim;
    private final TcpProfile profile;
    private final IsnSource isns;
    private final Map<Host, TcpStack> stacks = new IdentityHashMap<>(); // looked up, never iterated
    private TcpObserver[] observers = new TcpObserver[0];
    private long nextId = 1;

    /** ISNs are seeded random numbers from the stream "isn:&lt;host name&gt;". */
    public Tcp(Network network, TcpProfile profile) {
        this(network, profile, null);
    }

    public Tcp(Network network, TcpProfile profile, IsnSource isns) {
        if (network == null || profile == null) {
            throw new IllegalArgumentException("network and profile are required");
        }
        this.sim = network.simulation();
        this.profile = profile;
        this.isns = isns;
    }

    public Simulation simulation() {
        return sim;
    }

    /** Installs TCP with the default profile on {@code host}; sets the host's packet receiver. */
    public TcpStack install(Host host) {
        return install(host, profile);
    }

    public TcpStack install(Host host, TcpProfile hostProfile) {
        if (stacks.containsKey(host)) {
            throw new IllegalStateException("TCP is already installed on " + host);
        }
        TcpStack stack = new TcpStack(this, host, hostProfile);
        stacks.put(host, stack);
        host.setReceiver(stack::receive);
        return stack;
    }

    public void addObserver(TcpObserver observer) {
        TcpObserver[] bigger = Arrays.copyOf(observers, observers.length + 1);
        bigger[observers.length] = observer;
        observers = bigger;
    }

    IsnSource isnSource() {
        return isns;
    }

    long nextId() {
        return nextId++;
    }

    void emitStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
        for (TcpObserver o : observers) {
            o.onStateChange(time, c, from, to, cause);
        }
    }

    void emitSent(long time, Host host, Connection c, Segment s) {
        for (TcpObserver o : observers) {
            o.onSegmentSent(time, host, c, s);
        }
    }

    void emitReceived(long time, Host host, Connection c, Segment s) {
        for (TcpObserver o : observers) {
            o.onSegmentReceived(time, host, c, s);
        }
    }

    void emitDiscarded(long time, Host host, Connection c, Segment s, String why) {
        for (TcpObserver o : observers) {
            o.onSegmentDiscarded(time, host, c, s, why);
        }
    }

    void emitClosed(long time, Connection c, CloseReason reason) {
        for (TcpObserver o : observers) {
            o.onClosed(time, c, reason);
        }
    }
}
