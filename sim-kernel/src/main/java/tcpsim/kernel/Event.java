package tcpsim.kernel;

/** Something that happens at a simulated instant. Handlers run on the simulation's single thread. */
@FunctionalInterface
public interface Event {
    void fire();
}
