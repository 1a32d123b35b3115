package org.fieldgate.drivers.io.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GpioInputs} and {@link GpioOutputs} over a pi4j 2.8.0 {@link Context} (LIBRARY-NOTES A.2).
 *
 * <p>Production ({@link #production()}) is one process-wide context built lazily on the first open,
 * with explicit providers only: gpiod for digital input and output (never linuxfs sysfs GPIO, which newer Pi
 * kernels broke; never pigpio, which needs root; never the mock, which pi4j would otherwise let win
 * on a non-Pi board). Inputs and outputs share it because pi4j's gpiod library is a JVM-wide singleton: shutting
 * down one context closes the GPIO chip for every other. Its provider list is logged once, and a
 * {@code mock} provider found in it refuses to read fake GPIO.
 *
 * <p>Tests pass their own (mock) context to {@link #over(Context)} and shut it down themselves.
 */
public final class Pi4jGpio implements GpioInputs, GpioOutputs {

    private static final Logger log = LoggerFactory.getLogger(Pi4jGpio.class);
    private static final String NOT_AVAILABLE = "GPIO not available on this machine: ";
    private static final Pi4jGpio PRODUCTION = new Pi4jGpio("pi4j gpiod", Pi4jGpio::gpiodContext, true);

    /** Builds a context, or says why there is no GPIO. */
    @FunctionalInterface
    public interface ContextSource {
        Context build() throws GpioUnavailableException;
    }

    private final String name;
    private final ContextSource contexts;
    private final boolean ownsContext;
    private final Set<String> openIds = new HashSet<>();
    private Context context; // guarded by this

    private Pi4jGpio(String name, ContextSource contexts, boolean ownsContext) {
        this.name = name;
        this.contexts = contexts;
        this.ownsContext = ownsContext;
    }

    /** The gateway's GPIO: the shared gpiod context, built on the first open. */
    public static Pi4jGpio production() {
        return PRODUCTION;
    }

    /** Inputs from a context the caller built and shuts down (tests: the pi4j mock context). */
    public static Pi4jGpio over(Context context) {
        return new Pi4jGpio("pi4j (given context)", () -> context, false);
    }

    /**
     * Inputs from contexts built by {@code contexts} on demand; a context that failed to give a pin
     * while no pin was open is shut down and rebuilt on the next open (so a GPIO chip that appears
     * later is found).
     */
    public static Pi4jGpio from(String name, ContextSource contexts) {
        return new Pi4jGpio(name, contexts, true);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized GpioInput open(int bcmPin, Pull pull, EdgeListener listener) throws GpioUnavailableException {
        if (bcmPin < 0) {
            throw new IllegalArgumentException("BCM pin must not be negative, got " + bcmPin);
        }
        Context c = context();
        String id = "fieldgate-bcm-" + bcmPin;
        DigitalInput input;
        try {
            DigitalInputConfig config = DigitalInput.newConfigBuilder(c)
                    .id(id)
                    .name("BCM " + bcmPin)
                    .address(bcmPin)
                    .pull(resistance(pull))
                    .debounce(0L) // drivers debounce from edge timestamps and count the bounces
                    .build();
            input = c.create(config);
        } catch (RuntimeException | LinkageError e) {
            discardIfIdle();
            throw new GpioUnavailableException(explain(bcmPin, e), e);
        }
        DigitalStateChangeListener onChange =
                event -> listener.edge(event.state() == DigitalState.HIGH, System.nanoTime());
        input.addListener(onChange);
        openIds.add(id);
        return new Pi4jInput(bcmPin, id, input, onChange, c);
    }

    @Override
    public synchronized GpioOutput openOutput(int bcmPin, boolean safeHigh) throws GpioUnavailableException {
        if (bcmPin < 0) {
            throw new IllegalArgumentException("BCM pin must not be negative, got " + bcmPin);
        }
        Context c = context();
        String id = "fieldgate-bcm-" + bcmPin;
        DigitalState safe = safeHigh ? DigitalState.HIGH : DigitalState.LOW;
        DigitalOutput output;
        try {
            DigitalOutputConfig config = DigitalOutput.newConfigBuilder(c)
                    .id(id)
                    .name("BCM " + bcmPin + " (output)")
                    .address(bcmPin)
                    .initial(safe)   // safe from the first instant, before anything is known
                    .shutdown(safe)  // and when pi4j's shutdown hook releases the line
                    .build();
            output = c.create(config);
            output.state(safe);
        } catch (RuntimeException | LinkageError e) {
            discardIfIdle();
            throw new GpioUnavailableException(explain(bcmPin, e), e);
        }
        openIds.add(id);
        return new Pi4jOutput(bcmPin, id, output, safe, c);
    }

    private Context context() throws GpioUnavailableException {
        if (context == null) {
            context = contexts.build();
        }
        return context;
    }

    private void discardIfIdle() {
        if (ownsContext && openIds.isEmpty() && context != null) {
            shutdownQuietly(context);
            context = null;
        }
    }

    private synchronized void release(String id, Context c) {
        try {
            if (c.registry().exists(id)) {
                c.shutdown(id);
            }
        } catch (RuntimeException e) {
            log.warn("GPIO {}: closing failed: {}", id, e.toString());
        } finally {
            openIds.remove(id);
        }
    }

    private static String explain(int pin, Throwable e) {
        String what = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof LinkageError || what.contains("No gpio chip") || what.contains("gpiochip")) {
            return NOT_AVAILABLE + "no usable GPIO chip (" + what + "); on a Raspberry Pi check that "
                    + "/dev/gpiochip* exist and the gateway's user is in the gpio group";
        }
        if (what.contains("already exists")) {
            return "BCM " + pin + " is already open (two sensors on one pin?): " + what;
        }
        return "BCM " + pin + " cannot be opened: " + what;
    }

    private static PullResistance resistance(Pull pull) {
        return switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case NONE -> PullResistance.OFF;
        };
    }

    /**
     * The production context: the gpiod digital-input provider, nothing auto-detected, pi4j's
     * shutdown hook releasing the lines at exit.
     */
    static Context gpiodContext() throws GpioUnavailableException {
        String arch = System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT);
        if (!(arch.equals("aarch64") || arch.startsWith("arm"))) {
            // pi4j-library-gpiod ships libgpiod for armhf and aarch64 only
            throw new GpioUnavailableException(NOT_AVAILABLE + "pi4j's gpiod library has no native code "
                    + "for os.arch=" + arch + " (armhf and aarch64 only)");
        }
        Context c;
        try {
            c = Pi4J.newContextBuilder()
                    .noAutoDetectPlatforms()
                    .noAutoDetectProviders()
                    .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                    .enableShutdownHook()
                    .build();
        } catch (RuntimeException | LinkageError e) {
            throw new GpioUnavailableException(NOT_AVAILABLE + "pi4j gpiod did not start: " + e, e);
        }
        log.info("pi4j providers: {}", describe(c));
        try {
            requireNoMock(c);
        } catch (GpioUnavailableException e) {
            shutdownQuietly(c);
            log.error(e.getMessage());
            throw e;
        }
        return c;
    }

    /**
     * Refuses a context with a pi4j mock provider: readings from fake pins must never leave a test,
     * and a siren driven through a mock would stay silent.
     *
     * @throws GpioUnavailableException naming the mock providers
     */
    public static void requireNoMock(Context c) throws GpioUnavailableException {
        List<String> mocks = mockProviders(c);
        if (!mocks.isEmpty()) {
            throw new GpioUnavailableException("pi4j mock provider(s) " + mocks + " in the GPIO context: refusing to"
                    + " read fake pins outside tests (is pi4j-plugin-mock on the runtime class path?)");
        }
    }

    /** Ids of the pi4j mock providers in {@code c} (none in a production context). */
    public static List<String> mockProviders(Context c) {
        List<String> mocks = new ArrayList<>();
        for (String id : c.providers().all().keySet()) {
            if (id.toLowerCase(Locale.ROOT).contains("mock")) {
                mocks.add(id);
            }
        }
        return mocks;
    }

    /** {@code providers().describe()} on one line. */
    public static String describe(Context c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            c.providers().describe().print(p);
        } catch (RuntimeException e) {
            return c.providers().all().keySet().toString();
        }
        return out.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    private static void shutdownQuietly(Context c) {
        try {
            c.shutdown();
        } catch (RuntimeException | LinkageError e) {
            log.warn("pi4j context shutdown failed: {}", e.toString());
        }
    }

    private final class Pi4jInput implements GpioInput {
        private final int pin;
        private final String id;
        private final DigitalInput input;
        private final DigitalStateChangeListener onChange;
        private final Context owner;
        private boolean closed; // guarded by this

        Pi4jInput(int pin, String id, DigitalInput input, DigitalStateChangeListener onChange, Context owner) {
            this.pin = pin;
            this.id = id;
            this.input = input;
            this.onChange = onChange;
            this.owner = owner;
        }

        @Override
        public int pin() {
            return pin;
        }

        @Override
        public boolean high() {
            return input.state() == DigitalState.HIGH;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            input.removeListener(onChange);
            release(id, owner);
        }
    }

    private final class Pi4jOutput implements GpioOutput {
        private final int pin;
        private final String id;
        private final DigitalOutput output;
        private final DigitalState safe;
        private final Context owner;
        private boolean closed; // guarded by this

        Pi4jOutput(int pin, String id, DigitalOutput output, DigitalState safe, Context owner) {
            this.pin = pin;
            this.id = id;
            this.output = output;
            this.safe = safe;
            this.owner = owner;
        }

        @Override
        public int pin() {
            return pin;
        }

        @Override
        public synchronized void set(boolean high) {
            if (closed) {
                throw new IllegalStateException("BCM " + pin + " output is closed");
            }
            output.state(high ? DigitalState.HIGH : DigitalState.LOW);
        }

        @Override
        public boolean high() {
            return output.state() == DigitalState.HIGH;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    output.state(safe);
                } catch (RuntimeException e) {
                    log.warn("GPIO {}: setting the safe level {} failed: {}", id, safe, e.toString());
                }
            }
            release(id, owner);
        }
    }
}
