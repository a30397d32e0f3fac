package tcpsim.tcp;

/** What a listener tells its application. */
@FunctionalInterface
public interface ListenerCallbacks {
    /** A passively opened connection is ESTABLISHED and accepted; set its callbacks here. */
    void onAccept(TcpSocket socket);
}
