package org.fieldgate.gateway.config;

import org.fieldgate.drivers.DurationText;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the driver-specific keys of a sensor entry to the driver's config record: snake_case
 * names, unknown keys are errors, no string-to-number coercion, durations in config form
 * ({@code 6m}).
 */
final class DriverConfigBinder {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("fieldgate-config").addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    private DriverConfigBinder() {
    }

    /** Top-level property names of {@code type} as written in YAML (snake_case). */
    static List<String> keysOf(Class<?> type) {
        return new ArrayList<>(properties(MAPPER.constructType(type)).keySet());
    }

    /** Bean properties (YAML name to type) of a record or POJO type; empty for other types. */
    private static Map<String, JavaType> properties(JavaType type) {
        Map<String, JavaType> props = new LinkedHashMap<>();
        if (!isBean(type)) {
            return props;
        }
        BeanDescription d = MAPPER.getDeserializationConfig().introspect(type);
        for (BeanPropertyDefinition p : d.findProperties()) {
            props.put(p.getName(), p.getPrimaryType());
        }
        return props;
    }

    private static boolean isBean(JavaType type) {
        Class<?> raw = type.getRawClass();
        return !(type.isContainerType() || type.isPrimitive() || type.isEnumType() || raw.isArray()
                || raw.getName().startsWith("java.") || raw == Object.class || JsonNode.class.isAssignableFrom(raw));
    }

    /**
     * Reports and removes every unknown key in {@code node}, at any depth, so that a typo is named
     * as such (Jackson would rather complain about the missing key it stands for) and all of them
     * are reported, not the first only.
     */
    static void removeUnknownKeys(JsonNode node, JavaType type, String path, Problems problems) {
        if (node == null) {
            return;
        }
        if (node.isArray() && type.getContentType() != null) {
            for (int i = 0; i < node.size(); i++) {
                removeUnknownKeys(node.get(i), type.getContentType(), Problems.element(path, i), problems);
            }
            return;
        }
        if (!node.isObject() || !isBean(type)) {
            return;
        }
        Map<String, JavaType> props = properties(type);
        ObjectNode object = (ObjectNode) node;
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JavaType propType = props.get(key);
            if (propType == null) {
                problems.add(Problems.child(path, key), YamlMapping.unknownKey(key, props.keySet()));
                object.remove(key);
            } else {
                removeUnknownKeys(object.get(key), propType, Problems.child(path, key), problems);
            }
        }
    }

    /**
     * Binds {@code keys} (already stripped of unknown top-level keys) to {@code type}; on failure
     * adds one problem under {@code sensorPath} and returns empty.
     */
    static <C> Optional<C> bind(ObjectNode keys, Class<C> type, String sensorPath, Collection<String> known,
                                Problems problems) {
        try {
            return Optional.of(MAPPER.readerFor(type).readValue(keys));
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder(sensorPath);
            JsonNode at = keys;
            for (JsonMappingException.Reference ref : e.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                    at = at == null ? null : at.get(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                    at = at == null ? null : at.get(ref.getIndex());
                }
            }
            problems.add(path.toString(), at == null && e instanceof MismatchedInputException m
                    && m.getTargetType() != null ? "required (" + expected(m.getTargetType()) + ")"
                    : message(e, at, known));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(sensorPath, "cannot read driver settings: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String message(JsonMappingException e, JsonNode at, Collection<String> topKnown) {
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            return YamlMapping.unknownKey(u.getPropertyName(), e.getPath().size() <= 1 ? topKnown : known);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object c : f.getTargetType().getEnumConstants()) {
                values.add(c.toString().toLowerCase());
            }
            return "bad value '" + f.getValue() + "' (one of: " + String.join(", ", values) + ")";
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null
                && !(m.getTargetType() == Duration.class)) {
            return "expected " + expected(m.getTargetType()) + ", got " + YamlMapping.describe(at);
        }
        return e.getOriginalMessage();
    }

    private static String expected(Class<?> type) {
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                values.add(c.toString().toLowerCase());
            }
            return "one of " + String.join(", ", values);
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping";
    }

    /** {@code 6m}, {@code 500ms}: the same form as every other duration in the config. */
    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                throw JsonMappingException.from(p, "expected a duration like 30s, got "
                        + YamlMapping.describe(ctxt.readTree(p)));
            }
            try {
                return DurationText.parse(p.getText());
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage());
            }
        }
    }
}
