package tcpsim.experiments.config;

/** A duplex link: {@code up} carries client-to-server traffic, {@code down} server-to-client. */
public record LinkConfig(ChannelConfig up, ChannelConfig down) {
}
