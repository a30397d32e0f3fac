package tcpsim.tcp;

import org.apache.commons.math3.random.RandomGenerator;
import tcpsim.kernel.Time;

/**
 * SYN cookies of one host (Linux net/ipv4/syncookies.c, tcp_syncookies=1): the ISN of a SYN-ACK sent while a
 * listener's SYN queue is full encodes what the listener would have kept, so it keeps nothing, and the third ACK
 * (or the first data segment, whose ACK field carries the cookie too) rebuilds the connection.
 *
 * <p>The layout is Linux's secure_tcp_syn_cookie: {@code cookie = hash1(tuple) + client ISN + (count << 24) +
 * ((hash2(tuple, count) + mss index) mod 2^24)}, where {@code count} is the minute of simulated time and the mss
 * index picks the largest entry of {@link #MSS_TABLE} not above the client's MSS. A cookie is valid for the minute
 * it was made and the next (MAX_SYNCOOKIE_AGE 2). The hashes are a 64-bit mix keyed by a secret drawn from the
 * host's random stream {@code syncookie:<host>} (Linux: siphash with a boot-time key); with timestamps the
 * SYN-ACK's TSval carries the option bits in its low 6 bits (cookie_init_timestamp; no window scaling, SACK or ECN
 * are modelled, so they say "no wscale"). Not modelled: the per-listener "recent overflow" window outside of which
 * Linux skips the check (a hash match outside it is as unlikely as inside).
 */
final class SynCookies {
    /** Linux msstab (IPv4): the MSS values a cookie can encode. */
    static final int[] MSS_TABLE = {536, 1300, 1440, 1460};
    /** Bits of the cookie below the minute counter. */
    private static final int COUNT_SHIFT = 24;
    private static final int LOW_MASK = (1 << COUNT_SHIFT) - 1;
    /** Minutes a cookie stays valid (Linux MAX_SYNCOOKIE_AGE). */
    private static final int MAX_AGE = 2;
    private static final long PERIOD = Time.seconds(60);
    /** TSval bits holding the options (Linux TSBITS); 0xf in the wscale field = no window scaling. */
    static final int TS_OPTION_BITS = 6;
    private static final int TS_NO_WSCALE = 0xf;

    private final TcpStack stack;
    private long key1;
    private long key2;
    private boolean keyed;

    SynCookies(TcpStack stack) {
        this.stack = stack;
    }

    /** The cookie ISN for the SYN {@code syn} arriving at this host now. */
    int isn(Segment syn) {
        keyed();
        int count = count();
        int mssIndex = mssIndex(syn.mss() > 0 ? syn.mss() : SegmentArrives.DEFAULT_MSS);
        return hash(key1, syn, 0) + syn.seq() + (count << COUNT_SHIFT)
                + ((hash(key2, syn, count) + mssIndex) & LOW_MASK);
    }

    /**
     * The MSS the cookie in {@code ack} (a segment with ACK and without SYN or RST, from the client) encodes, or -1
     * when it carries no valid cookie: its ACK field must be cookie + 1 and its sequence number the client's ISN + 1
     * (Linux cookie_v4_check).
     */
    int check(Segment ack) {
        keyed();
        int clientIsn = ack.seq() - 1;
        int cookie = ack.ack() - 1;
        int rest = cookie - hash(key1, ack, 0) - clientIsn;
        int made = rest >>> COUNT_SHIFT;
        int age = (count() - made) & (-1 >>> COUNT_SHIFT);
        if (age >= MAX_AGE) {
            return -1;
        }
        int mssIndex = (rest - hash(key2, ack, made)) & LOW_MASK;
        return mssIndex < MSS_TABLE.length ? MSS_TABLE[mssIndex] : -1;
    }

    /** Linux cookie_init_timestamp: the clock with its low bits replaced by the options, never ahead of it. */
    static int tsVal(int clock) {
        int mask = (1 << TS_OPTION_BITS) - 1;
        int ts = (clock & ~mask) | TS_NO_WSCALE;
        return Integer.compareUnsigned(ts, clock) > 0 ? ts - (mask + 1) : ts;
    }

    /** The largest index whose MSS does not exceed {@code mss} (index 0 for anything smaller). */
    static int mssIndex(int mss) {
        int i = MSS_TABLE.length - 1;
        while (i > 0 && mss < MSS_TABLE[i]) {
            i--;
        }
        return i;
    }

    private int count() {
        return (int) (stack.sim().now() / PERIOD);
    }

    /** Draws the secret at the first cookie, so hosts that never send one draw nothing. */
    private void keyed() {
        if (!keyed) {
            RandomGenerator r = stack.sim().random().stream("syncookie:" + stack.host().name());
            key1 = r.nextLong();
            key2 = r.nextLong();
            keyed = true;
        }
    }

    /**
     * A keyed mix of the 4-tuple as the listener sees it (client address and port, server address and port) and
     * {@code count}: the same for the SYN and for the client's later segments of that connection.
     */
    private static int hash(long key, Segment fromClient, int count) {
        long h = key;
        h = mix(h ^ Integer.toUnsignedLong(fromClient.source()));
        h = mix(h ^ Integer.toUnsignedLong(fromClient.destination()));
        h = mix(h ^ ((long) fromClient.sourcePort() << 16 | fromClient.destinationPort()));
        h = mix(h ^ Integer.toUnsignedLong(count));
        return (int) (h ^ (h >>> 32));
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
