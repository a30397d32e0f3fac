package tcpsim.experiments.config;

/** Turns a problem with a key into the {@link ConfigException} that names the file, the dotted key and the problem. */
final class Problems {
    private final String file;

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    ConfigException err(String key, String problem) {
        return new ConfigException(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }
}
