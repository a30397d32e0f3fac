package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpsim.tcp.SegmentKind;

/**
 * A loss model: a probability (Bernoulli) or a mapping {@code {model: ..., ...}} whose keys are declared here and
 * appear under a link's {@code loss} (or its {@code loss.up} / {@code loss.down}).
 */
final class LossType implements ValueType<LossConfig> {
    static final LossType INSTANCE = new LossType();

    private static final Types.Probability PROBABILITY = new Types.Probability();
    static final Param<String> MODEL = Param.required("loss.model", Types.Choice.of("loss model",
            List.of("bernoulli", "gilbert-elliott", "drop-list", "drop-segments")), "the loss model");
    static final Param<Double> P = Param.required("loss.p", PROBABILITY, "bernoulli: each packet lost with p");
    static final Param<Double> P_GB = Param.required("loss.p-gb", PROBABILITY,
            "gilbert-elliott: per packet, good -> bad with this probability");
    static final Param<Double> P_BG = Param.required("loss.p-bg", PROBABILITY,
            "gilbert-elliott: per packet, bad -> good (a bad period lasts 1/p-bg packets on average)");
    static final Param<Double> LOSS_GOOD = Param.of("loss.loss-good", PROBABILITY, 0.0,
            "gilbert-elliott: loss in the good state");
    static final Param<Double> LOSS_BAD = Param.of("loss.loss-bad", PROBABILITY, 1.0,
            "gilbert-elliott: loss in the bad state");
    static final Param<List<Long>> PACKETS = Param.required("loss.packets", new Positions("packet"),
            "drop-list: the packets of the direction to drop, counted from 1, increasing");
    static final Param<SegmentKind> MATCH = Param.required("loss.match", new Types.Choice<>("segment kind",
            segmentKinds()), "drop-segments: the kind of segment counted: all, SYN (SYN without ACK), SYN-ACK, ACK"
                    + " (pure: no SYN/FIN/RST, no data), FIN (any with FIN), RST (any with RST), DATA (any with data)");
    static final Param<List<Long>> NTH = Param.required("loss.nth", new Positions("segment"),
            "drop-segments: which segments of that kind in the direction to drop, counted from 1, increasing");
    /** Every key of a loss model mapping, for the reference. */
    static final List<Param<?>> KEYS = List.of(MODEL, P, P_GB, P_BG, LOSS_GOOD, LOSS_BAD, PACKETS, MATCH, NTH);

    private LossType() {
    }

    private static Map<String, SegmentKind> segmentKinds() {
        Map<String, SegmentKind> m = new LinkedHashMap<>();
        for (SegmentKind k : SegmentKind.values()) {
            m.put(k.key(), k);
        }
        return m;
    }

    @Override
    public LossConfig parse(JsonNode n, String path, Problems pr) throws ConfigException {
        if (!n.isObject()) {
            return new LossConfig.Bernoulli(PROBABILITY.parse(n, path, pr));
        }
        ObjectNode o = (ObjectNode) n;
        String model = MODEL.take(o, path + ".model", pr);
        return switch (model) {
            case "bernoulli" -> {
                Types.allowOnly(o, path, Types.leaves(List.of(MODEL, P)), pr);
                yield new LossConfig.Bernoulli(P.take(o, path + ".p", pr));
            }
            case "gilbert-elliott" -> {
                Types.allowOnly(o, path, Types.leaves(List.of(MODEL, P_GB, P_BG, LOSS_GOOD, LOSS_BAD)), pr);
                yield new LossConfig.GilbertElliott(P_GB.take(o, path + ".p-gb", pr), P_BG.take(o, path + ".p-bg", pr),
                        LOSS_GOOD.take(o, path + ".loss-good", pr), LOSS_BAD.take(o, path + ".loss-bad", pr));
            }
            case "drop-list" -> {
                Types.allowOnly(o, path, Types.leaves(List.of(MODEL, PACKETS)), pr);
                JsonNode packets = o.get("packets");
                yield new LossConfig.DropList(PACKETS.type().parse(packets == null ? Types.F.nullNode() : packets,
                        path + ".packets", pr));
            }
            case "drop-segments" -> {
                Types.allowOnly(o, path, Types.leaves(List.of(MODEL, MATCH, NTH)), pr);
                SegmentKind kind = MATCH.take(o, path + ".match", pr);
                JsonNode nth = o.get("nth");
                yield new LossConfig.DropSegments(kind, NTH.type().parse(nth == null ? Types.F.nullNode() : nth,
                        path + ".nth", pr));
            }
            default -> throw new IllegalStateException(model); // the choice allows no other
        };
    }

    @Override
    public boolean isValueMapping(JsonNode mapping) {
        return mapping.has("model");
    }

    @Override
    public JsonNode write(LossConfig l) {
        if (l instanceof LossConfig.Bernoulli b) {
            return Types.F.numberNode(b.p());
        }
        ObjectNode o = Types.F.objectNode();
        if (l instanceof LossConfig.DropList d) {
            o.put(MODEL.leaf(), "drop-list");
            o.set(PACKETS.leaf(), PACKETS.type().write(d.packets()));
            return o;
        }
        if (l instanceof LossConfig.DropSegments d) {
            o.put(MODEL.leaf(), "drop-segments");
            o.set(MATCH.leaf(), MATCH.type().write(d.match()));
            o.set(NTH.leaf(), NTH.type().write(d.nth()));
            return o;
        }
        LossConfig.GilbertElliott g = (LossConfig.GilbertElliott) l;
        o.put(MODEL.leaf(), "gilbert-elliott");
        o.put(P_GB.leaf(), g.pGoodToBad());
        o.put(P_BG.leaf(), g.pBadToGood());
        o.put(LOSS_GOOD.leaf(), g.lossGood());
        o.put(LOSS_BAD.leaf(), g.lossBad());
        return o;
    }

    @Override
    public String show(LossConfig l) {
        return l instanceof LossConfig.Bernoulli b ? PROBABILITY.show(b.p()) : write(l).toString();
    }

    @Override
    public String describe() {
        return "probability 0..1, or a loss model";
    }

    @Override
    public String requiredHint() {
        return PROBABILITY.requiredHint();
    }

    /** Positions to drop ({@code noun}s of the direction): distinct, counted from 1, in increasing order. */
    private record Positions(String noun) implements ValueType<List<Long>> {
        @Override
        public List<Long> parse(JsonNode n, String path, Problems pr) throws ConfigException {
            if (!n.isArray() || n.isEmpty()) {
                throw pr.err(path, "must be a non-empty list of " + noun + " numbers counted from 1, e.g. [5] or"
                        + " [1, 2]");
            }
            Types.Whole position = new Types.Whole(1, Long.MAX_VALUE);
            List<Long> positions = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                long k = position.parse(n.get(i), path + "[" + i + "]", pr);
                if (!positions.isEmpty() && k <= positions.get(positions.size() - 1)) {
                    throw pr.err(path, noun + " numbers must increase, got " + positions.get(positions.size() - 1)
                            + " then " + k);
                }
                positions.add(k);
            }
            return positions;
        }

        @Override
        public JsonNode write(List<Long> v) {
            var a = Types.F.arrayNode();
            v.forEach(a::add);
            return a;
        }

        @Override
        public String describe() {
            return "list of " + noun + " numbers >= 1";
        }
    }
}
