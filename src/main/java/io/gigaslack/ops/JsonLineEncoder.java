package io.gigaslack.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Encodes each logging event as one JSON object on one line (UTF-8, ending in {@code \n}):
 * {@code {"timestamp":"2025-01-01T12:00:00.123Z","level":"INFO","logger":"io.gigaslack.x.Y","thread":"main",
 * "message":"formatted text","run":"r_123","job":"j_9","exception":"java.lang...\n\tat ..."}}.
 *
 * <p>MDC entries and slf4j key-value pairs are top-level fields; one whose name is already taken is written as
 * {@code mdc.<name>}. {@code exception} (the whole stack trace as one string) appears only with a throwable.
 * Unlike logback's {@code JsonEncoder} it writes the formatted message and an ISO-8601 timestamp, which is
 * what log collectors index without configuration.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] EMPTY = new byte[0];
    private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "message",
            "exception");

    @Override
    public byte[] headerBytes() {
        return EMPTY;
    }

    @Override
    public byte[] footerBytes() {
        return EMPTY;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("timestamp",
                    DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(event.getTimeStamp())));
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            Set<String> written = new HashSet<>(RESERVED);
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    g.writeStringField(name(e.getKey(), written), e.getValue());
                }
            }
            List<KeyValuePair> kvs = event.getKeyValuePairs();
            if (kvs != null) {
                for (KeyValuePair kv : kvs) {
                    g.writeStringField(name(kv.key, written), String.valueOf(kv.value));
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static String name(String key, Set<String> written) {
        String k = String.valueOf(key);
        return written.add(k) ? k : "mdc." + k;
    }
}
