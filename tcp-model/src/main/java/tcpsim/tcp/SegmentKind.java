package tcpsim.tcp;

import java.util.function.Predicate;
import tcpsim.kernel.net.Packet;

/**
 * A kind of segment, as a staged loss counts them ({@code drop-segments}: "the 2nd FIN the server sends is lost").
 * The kinds overlap where the flags do: a FIN carrying data is a FIN and DATA; a bare FIN,ACK is a FIN, not an ACK.
 * Retransmissions count like first transmissions: each is a segment on the wire.
 */
public enum SegmentKind {
    /** Every segment. */
    ALL("all"),
    /** A connection request: SYN set, ACK clear. */
    SYN("SYN"),
    /** SYN and ACK set. */
    SYN_ACK("SYN-ACK"),
    /** A pure ACK: ACK set, no SYN, FIN or RST, no data. */
    ACK("ACK"),
    /** Any segment with FIN set. */
    FIN("FIN"),
    /** Any segment with RST set. */
    RST("RST"),
    /** Any segment carrying data (payload length above 0). */
    DATA("DATA");

    private final String key;

    SegmentKind(String key) {
        this.key = key;
    }

    /** The config spelling, e.g. {@code SYN-ACK}. */
    public String key() {
        return key;
    }

    /** Whether {@code s} is of this kind. */
    public boolean matches(Segment s) {
        return switch (this) {
            case ALL -> true;
            case SYN -> s.isSyn() && !s.isAck();
            case SYN_ACK -> s.isSyn() && s.isAck();
            case ACK -> s.isAck() && !s.isSyn() && !s.isFin() && !s.isRst() && s.payloadLength() == 0;
            case FIN -> s.isFin();
            case RST -> s.isRst();
            case DATA -> s.payloadLength() > 0;
        };
    }

    /** This kind as a predicate over the network's packets (for the kernel's {@code DropList}); others never match. */
    public Predicate<Packet> packets() {
        return p -> p instanceof Segment s && matches(s);
    }
}
