package tcpsim.experiments.config;

/** Bad input in a config file or a --set override. The message names the file, the key and what is allowed. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
