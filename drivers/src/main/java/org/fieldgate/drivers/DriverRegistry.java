package org.fieldgate.drivers;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Maps driver ids to their factories, found through {@link ServiceLoader}. */
public final class DriverRegistry {

    private final Map<String, DriverFactory<?>> factories;

    private DriverRegistry(Map<String, DriverFactory<?>> factories) {
        this.factories = Collections.unmodifiableMap(factories);
    }

    /** Every factory registered on the class path of {@code loader}. */
    public static DriverRegistry load(ClassLoader loader) {
        Map<String, DriverFactory<?>> found = new TreeMap<>();
        for (DriverFactory<?> f : ServiceLoader.load(DriverFactory.class, loader)) {
            DriverFactory<?> previous = found.putIfAbsent(f.id(), f);
            if (previous != null && previous.getClass() != f.getClass()) {
                throw new IllegalStateException("two drivers registered as '" + f.id() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new DriverRegistry(found);
    }

    /** Every factory registered on this module's class path. */
    public static DriverRegistry load() {
        return load(DriverRegistry.class.getClassLoader());
    }

    public Optional<DriverFactory<?>> find(String id) {
        return Optional.ofNullable(factories.get(id));
    }

    /** Registered ids, sorted. */
    public java.util.Set<String> ids() {
        return factories.keySet();
    }
}
