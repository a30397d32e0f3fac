package tcpsim.experiments.config;

import java.util.Map;
import tcpsim.tcp.TcpProfile;

/** Builds the {@link TcpProfile} a config asks for: the named profile with the {@code tcp:} overrides applied. */
public final class Profiles {
    private Profiles() {
    }

    /** @throws IllegalArgumentException when the profile is unknown or the overridden values are inconsistent */
    public static TcpProfile build(TcpConfig cfg) {
        TcpProfile base = TcpProfile.named(cfg.profile());
        if (cfg.overrides().isEmpty()) {
            return base;
        }
        TcpProfile.Builder b = base.toBuilder();
        for (Map.Entry<TcpKey, Object> e : cfg.overrides().entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case INITIAL_RTO -> b.initialRto((Long) v);
                case MIN_RTO -> b.minRto((Long) v);
                case MAX_RTO -> b.maxRto((Long) v);
                case SYN_RETRIES -> b.synRetries((Integer) v);
                case SYN_LINEAR_TIMEOUTS -> b.synLinearTimeouts((Integer) v);
                case SYNACK_RETRIES -> b.synAckRetries((Integer) v);
                case DATA_RETRIES -> b.dataRetries((Integer) v);
                case FIN_RETRIES -> b.finRetries((Integer) v);
                case TIME_WAIT -> b.timeWait((Long) v);
                case FIN_WAIT_2_TIMEOUT -> b.finWait2Timeout((Long) v);
                case EPHEMERAL_PORT_MIN -> b.ephemeralPortMin((Integer) v);
                case EPHEMERAL_PORT_MAX -> b.ephemeralPortMax((Integer) v);
                case DELAYED_ACK -> b.delayedAck((Long) v);
                case MSS -> b.mss((Integer) v);
                case INITIAL_WINDOW -> b.initialWindow((Integer) v);
                case RECEIVE_WINDOW -> b.receiveWindow((Integer) v);
                case RFC1337 -> b.rfc1337((Boolean) v);
                case TW_REUSE -> b.twReuse((Boolean) v);
                case SYN_BACKLOG -> b.synBacklog((Integer) v);
                case ACCEPT_BACKLOG -> b.acceptBacklog((Integer) v);
                case RTTVAR_MIN -> b.rttvarMin((Long) v);
                case LINUX_QUIRKS -> b.linuxQuirks((Boolean) v);
                case INVALID_RATELIMIT -> b.invalidRatelimit((Long) v);
                // ---- issue 10 (Linux fidelity) ----
                case TLP -> b.tlp((Boolean) v);
                case RETRIES_BY_TIME -> b.retriesByTime((Boolean) v);
                case DELAYED_FIN_ACK -> b.delayedFinAck((Boolean) v);
                case TIMESTAMPS -> b.timestamps((Boolean) v);
                case REOPEN_UNDO -> b.reopenUndo((Boolean) v);
            }
        }
        return b.build();
    }
}
