package io.gigaslack.slack.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.slack.outbox.PostAttempt.PostRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The "post under way" record a posting job keeps on its row between attempts. */
class PostRecordTest {
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00.123Z");

    @Test
    void a_record_reads_back_as_written() {
        PostRecord r = new PostRecord(PostRecord.POST, AT, "a1b2c3", false, null);
        assertThat(PostRecord.parse(r.toString())).isEqualTo(r);
        PostRecord full = new PostRecord(PostRecord.FILE, AT, "F0123", true, AT.plusSeconds(60));
        assertThat(full.toString()).isEqualTo("file " + AT.toEpochMilli() + " F0123 answered reading:"
                + AT.plusSeconds(60).toEpochMilli());
        assertThat(PostRecord.parse(full.toString())).isEqualTo(full);
    }

    @Test
    void a_stream_record_names_the_runs_stream_before_it() {
        PostRecord first = new PostRecord(PostRecord.STREAM, AT, PostRecord.NONE, false, null);
        assertThat(first.toString()).isEqualTo("stream " + AT.toEpochMilli() + " -");
        assertThat(PostRecord.parse(first.toString())).isEqualTo(first);
        PostRecord fresh = new PostRecord(PostRecord.STREAM, AT, "1764590000.000123", true, null);
        assertThat(PostRecord.parse(fresh.toString())).isEqualTo(fresh);
    }

    @Test
    void anything_else_is_no_record() {
        assertThat(PostRecord.parse(null)).isNull();
        assertThat(PostRecord.parse("F123")).isNull();
        assertThat(PostRecord.parse("post notanumber x")).isNull();
        assertThat(PostRecord.parse("send 1 x")).isNull();
        assertThat(PostRecord.parse("post 99999999999999999999 x")).isNull();
    }
}
