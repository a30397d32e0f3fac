package tcpsim.tcp;

import tcpsim.kernel.Event;
import tcpsim.kernel.Time;

/**
 * Heap per connection in TIME_WAIT, measured with {@code n} of them at once (default 10^6): 64 client hosts open
 * n connections to one server, 10 µs apart, and close each once established (client first, a shared application
 * that keeps nothing per connection); 2 s after the last open every one of them sits in TIME_WAIT (60 s, linux)
 * and the server's ends are CLOSED. The heap used after full GCs then, minus the heap used after building the
 * network, divided by n, is what a TIME_WAIT connection costs: its objects, its slot in the demultiplexing table,
 * and its timer's entry and slot in the event queue.
 *
 * <pre>
 * mvn -B -Pbench -DskipTests package -pl benchmarks -am
 * java -Xmx2g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar tcpsim.tcp.TimeWaitFootprint 1000000
 * </pre>
 */
public final class TimeWaitFootprint {
    private TimeWaitFootprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        BenchNet net = new BenchNet(64, 100 * Time.MICROSECOND, 0, 0);
        long before = usedHeap();
        long gap = 10 * Time.MICROSECOND;
        long[] opened = {0};
        Event opener = new Event() {
            @Override
            public void fire() {
                net.open(opened[0]++);
                if (opened[0] < n) {
                    net.sim.schedule(gap, this);
                }
            }
        };
        net.sim.schedule(0, opener);
        net.sim.runUntil(n * gap + 2 * Time.SECOND);
        long inTimeWait = 0;
        for (TcpStack c : net.clients) {
            inTimeWait += c.connectionCount();
        }
        long after = usedHeap();
        System.out.printf("%d connections in TIME_WAIT, %d pending events; heap %.1f MB -> %.1f MB: %.1f bytes each%n",
                inTimeWait, net.sim.pendingEvents(), before / 1e6, after / 1e6, (after - before) / (double) inTimeWait);
        if (Boolean.getBoolean("footprint.pause")) { // for a heap histogram: jmap -histo:live PID
            System.out.println("pausing 60 s");
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.out.println(net.clients.length); // keeps the network reachable up to here
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
