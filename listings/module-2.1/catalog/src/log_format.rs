//! The format of `catalog`'s log lines, written for a service that logs every request.
//!
//! A line looks like this (the timestamp is UTC, to the microsecond):
//!
//! ```text
//! 2025-06-01T09:30:00.123456Z  INFO request{id=req-3 method=GET path=/products/1}: catalog::request_id: answered status=200 latency_us=234
//! ```
//!
//! The parts come in the order of `tracing-subscriber`'s default format: time, level, the spans
//! the event happened in with their fields, the target, the message and the event's fields. What
//! differs is mostly how values are written, and how much that costs. The default format writes
//! every string value with `Debug`, which quotes it and escapes what needs it, and it formats each
//! part through `write!`, some of them inside `nu-ansi-term` styles even when colours are off. That
//! is safe but slow: on `catalog`'s request path a line in the default format cost about 18,800
//! instructions, and one in this format about 9,200 (`bench/profile.sh`, recorded in
//! `BENCHMARKS.md`). Here a value is written bare when it is plain and quoted only when it has to
//! be, integers and the timestamp are written digit by digit, and the parts of the line with
//! `write_str`.
//!
//! Writing values bare must not make lines forgeable: the id and the path come from the client. A
//! value is written bare only when it is not empty and every byte is printable ASCII other than
//! space, `"`, `\`, `=`, `{` and `}`: such a value cannot run into the next field, pass for one, or
//! close a span's braces. Any other value is written in double quotes, with `"` and `\` escaped and
//! every character that `char::escape_debug` escapes written as that escape (`\n`, `\r`,
//! `\u{1b}`, `\u{202e}`): control characters, and also the invisible ones that reorder or break a
//! line in a viewer (bidirectional overrides, the line separator U+2028). So a value from a client
//! can neither end the line early, nor send escape sequences to an operator's terminal, nor make
//! the rest of the line display in another order. The message is written bare, with the same
//! characters escaped; it is meant for literals, so put client data in fields, never into the
//! message's text.
//!
//! Smaller differences from the default format: only the level is coloured (when the subscriber
//! has ANSI enabled); an error field is written as its message and its sources joined by `: `,
//! where the default adds an `error.sources=[...]` field; a newline in a message is escaped, which
//! the default does not do. Records of the `log` crate (which `init()` forwards to `tracing`) show
//! their own target, without the `log.*` fields, as in the default format.

use std::cell::RefCell;
use std::fmt::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_log::NormalizeEvent;
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::{FormatEvent, FormatFields, Writer};
use tracing_subscriber::fmt::{FmtContext, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// The line layout. Use it with `LineFields`, which writes the fields of the spans and events:
/// `tracing_subscriber::fmt().event_format(LineFormat::new()).fmt_fields(LineFields)`.
#[derive(Clone, Copy, Debug)]
pub struct LineFormat {
    timestamps: bool,
}

impl LineFormat {
    /// Lines that start with the time.
    pub fn new() -> LineFormat {
        LineFormat { timestamps: true }
    }

    /// Lines without the time, for output that has to be the same on every run (examples, tests).
    pub fn without_time(self) -> LineFormat {
        LineFormat { timestamps: false }
    }
}

impl Default for LineFormat {
    fn default() -> LineFormat {
        LineFormat::new()
    }
}

impl<S, N> FormatEvent<S, N> for LineFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        // A record of the `log` crate arrives as an event of target `log`; its real target is in
        // the fields, and `normalized_metadata` puts it back.
        let normalized = event.normalized_metadata();
        let meta = normalized.as_ref().unwrap_or_else(|| event.metadata());
        if self.timestamps {
            write_timestamp(&mut writer, SystemTime::now())?;
            writer.write_char(' ')?;
        }
        write_level(&mut writer, meta.level())?;
        // The fields of each span were formatted once, when the span was created; here they
        // are copied, outermost span first, as `a{x=1}:b{y=2}: `.
        if let Some(scope) = ctx.event_scope() {
            let mut any = false;
            for span in scope.from_root() {
                writer.write_str(span.name())?;
                let extensions = span.extensions();
                if let Some(fields) = extensions.get::<FormattedFields<N>>()
                    && !fields.is_empty()
                {
                    writer.write_char('{')?;
                    writer.write_str(fields)?;
                    writer.write_char('}')?;
                }
                writer.write_char(':')?;
                any = true;
            }
            if any {
                writer.write_char(' ')?;
            }
        }
        writer.write_str(meta.target())?;
        writer.write_str(": ")?;
        ctx.format_fields(writer.by_ref(), event)?;
        writer.write_char('\n')
    }
}

/// Writes the level right-aligned in five columns, as the default format does, in colour when
/// the subscriber has ANSI enabled (`main` enables it when stderr is a terminal).
fn write_level(writer: &mut Writer<'_>, level: &Level) -> fmt::Result {
    let (text, colour) = match *level {
        Level::TRACE => ("TRACE", "\x1b[35m"),
        Level::DEBUG => ("DEBUG", "\x1b[34m"),
        Level::INFO => (" INFO", "\x1b[32m"),
        Level::WARN => (" WARN", "\x1b[33m"),
        Level::ERROR => ("ERROR", "\x1b[31m"),
    };
    if writer.has_ansi_escapes() {
        writer.write_str(colour)?;
        writer.write_str(text)?;
        writer.write_str("\x1b[0m ")
    } else {
        writer.write_str(text)?;
        writer.write_char(' ')
    }
}

/// Writes `now` as RFC 3339 UTC to the microsecond, `2025-06-01T09:30:00.123456Z`, digit by
/// digit into a template. The default timer writes the same text through `core::fmt`, which
/// pads each of its seven numbers argument by argument.
pub fn write_timestamp(writer: &mut Writer<'_>, now: SystemTime) -> fmt::Result {
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since_epoch.as_secs();
    let (year, month, day) = civil_from_days(seconds / 86_400);
    let second_of_day = seconds % 86_400;
    let mut text = *b"0000-00-00T00:00:00.000000Z";
    put_digits(&mut text[0..4], u64::from(year));
    put_digits(&mut text[5..7], u64::from(month));
    put_digits(&mut text[8..10], u64::from(day));
    put_digits(&mut text[11..13], second_of_day / 3600);
    put_digits(&mut text[14..16], second_of_day / 60 % 60);
    put_digits(&mut text[17..19], second_of_day % 60);
    put_digits(&mut text[20..26], u64::from(since_epoch.subsec_micros()));
    // Only ASCII digits were written into an ASCII template.
    writer.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
}

/// The proleptic Gregorian date of a day counted from 1970-01-01, by Howard Hinnant's
/// `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms"): count in 400-year eras
/// that start on 1 March, so that the leap day is the last day of a year.
fn civil_from_days(days: u64) -> (u16, u8, u8) {
    let z = days + 719_468; // days from 0000-03-01
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    // Four digits are enough until the year 9999; past it the year wraps rather than panics.
    ((year % 10_000) as u16, month as u8, day as u8)
}

/// Fills `out` with the last `out.len()` decimal digits of `value`, zero-padded.
fn put_digits(out: &mut [u8], mut value: u64) {
    for digit in out.iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// Writes `value` in decimal without going through `core::fmt`.
fn write_u64(writer: &mut impl Write, value: u64) -> fmt::Result {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = value;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    writer.write_str(std::str::from_utf8(&digits[start..]).map_err(|_| fmt::Error)?)
}

/// Writes fields as `name=value`, separated by spaces, the message first and bare.
#[derive(Clone, Copy, Debug, Default)]
pub struct LineFields;

impl<'writer> FormatFields<'writer> for LineFields {
    fn format_fields<R: RecordFields>(&self, writer: Writer<'writer>, fields: R) -> fmt::Result {
        let mut visitor = LineVisitor {
            out: Batch::new(writer),
            first: true,
            result: Ok(()),
        };
        fields.record(&mut visitor);
        visitor.result.and_then(|()| visitor.out.flush())
    }
}

struct LineVisitor<'writer> {
    out: Batch<'writer>,
    first: bool,
    result: fmt::Result,
}

impl LineVisitor<'_> {
    /// Writes the separator and `name=`, then the value with `write_value`.
    fn field(&mut self, field: &Field, write_value: impl FnOnce(&mut Batch<'_>) -> fmt::Result) {
        // The fields a `log` record carries (`log.target`, `log.file`, ...) went into the
        // normalized metadata.
        if self.result.is_err() || field.name().starts_with("log.") {
            return;
        }
        self.result = (|| {
            if !self.first {
                self.out.write_char(' ')?;
            }
            self.first = false;
            if field.name() != "message" {
                // `r#type` in a macro is the field `type`.
                let name = field.name();
                self.out
                    .write_str(name.strip_prefix("r#").unwrap_or(name))?;
                self.out.write_char('=')?;
            }
            write_value(&mut self.out)
        })();
    }
}

impl Visit for LineVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        let message = field.name() == "message";
        self.field(field, |out| {
            if message {
                write_escaped(out, value)
            } else {
                write_value(out, value)
            }
        });
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.field(field, |out| write_u64(out, value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.field(field, |out| {
            if value < 0 {
                out.write_char('-')?;
            }
            write_u64(out, value.unsigned_abs())
        });
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.field(field, |out| {
            out.write_str(if value { "true" } else { "false" })
        });
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        // The error and its causes, as anyhow's `{:#}` writes them: "outer: inner".
        self.record_debug(field, &ErrorChain(value));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            // The message is usually `format_args!` of a literal; it is written bare, with
            // control characters escaped on the way.
            self.field(field, |out| {
                write!(EscapeControls { inner: out }, "{value:?}")
            });
            return;
        }
        // Whether the value can be written bare is known only once it is formatted, so it
        // is formatted into a buffer first (one per thread, reused).
        thread_local! {
            static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
        }
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut text) => {
                text.clear();
                let formatted = write!(text, "{value:?}");
                self.field(field, |out| {
                    formatted?;
                    write_value(out, &text)
                });
            }
            // Formatting this value logged something itself: use a fresh buffer.
            Err(_) => {
                let mut text = String::new();
                let formatted = write!(text, "{value:?}");
                self.field(field, |out| {
                    formatted?;
                    write_value(out, &text)
                });
            }
        });
    }
}

/// Field text gathered on the stack and handed on in one piece when it fits. The fields of a
/// new span go into a `String` that starts empty: written piece by piece (a name, `=`, a
/// value, a space, ...), it would be reallocated four or five times per span.
struct Batch<'writer> {
    out: Writer<'writer>,
    bytes: [u8; 256],
    len: usize,
}

impl<'writer> Batch<'writer> {
    fn new(out: Writer<'writer>) -> Batch<'writer> {
        Batch {
            out,
            bytes: [0; 256],
            len: 0,
        }
    }

    fn flush(&mut self) -> fmt::Result {
        // Only whole `str`s were copied in, so the bytes are UTF-8.
        let text = std::str::from_utf8(&self.bytes[..self.len]).map_err(|_| fmt::Error)?;
        self.len = 0;
        self.out.write_str(text)
    }
}

impl Write for Batch<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if text.len() > self.bytes.len() - self.len {
            self.flush()?;
            if text.len() > self.bytes.len() {
                return self.out.write_str(text);
            }
        }
        self.bytes[self.len..self.len + text.len()].copy_from_slice(text.as_bytes());
        self.len += text.len();
        Ok(())
    }
}

// ANCHOR: value
/// Bytes that may appear in a value written without quotes.
fn is_bare(byte: u8) -> bool {
    byte.is_ascii_graphic() && !matches!(byte, b'"' | b'\\' | b'=' | b'{' | b'}')
}

/// Writes `value` bare if it can be, quoted and escaped if not.
fn write_value(writer: &mut (impl Write + ?Sized), value: &str) -> fmt::Result {
    if !value.is_empty() && value.bytes().all(is_bare) {
        return writer.write_str(value);
    }
    writer.write_char('"')?;
    write_with_escapes(writer, value, true)?;
    writer.write_char('"')
}

/// Writes `text` with the characters `escape_debug` escapes escaped, and nothing else changed.
fn write_escaped(writer: &mut (impl Write + ?Sized), text: &str) -> fmt::Result {
    // Printable ASCII and spaces need no escape: the common case, checked in one pass.
    if text.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return writer.write_str(text);
    }
    write_with_escapes(writer, text, false)
}

/// Writes `text`, escaping what `char::escape_debug` escapes (control characters, and invisible
/// ones such as U+202E, which reverses the text after it), except `'`; `"` and `\` only when
/// `quoted`.
fn write_with_escapes(writer: &mut (impl Write + ?Sized), text: &str, quoted: bool) -> fmt::Result {
    let mut plain_from = 0;
    for (at, c) in text.char_indices() {
        let plain = match c {
            '"' | '\\' => !quoted,
            '\'' | ' ' => true,
            c if c.is_ascii_graphic() => true,
            // One character out means `escape_debug` leaves it as it is: printable.
            c => c.escape_debug().nth(1).is_none(),
        };
        if plain {
            continue;
        }
        writer.write_str(&text[plain_from..at])?;
        write!(writer, "{}", c.escape_debug())?;
        plain_from = at + c.len_utf8();
    }
    writer.write_str(&text[plain_from..])
}
// ANCHOR_END: value

/// A `fmt::Write` that escapes control characters in what is written through it.
struct EscapeControls<'a, W: Write> {
    inner: &'a mut W,
}

impl<W: Write> Write for EscapeControls<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        write_escaped(self.inner, text)
    }
}

/// Displays an error followed by its sources, separated by `: `.
struct ErrorChain<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Debug for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use tracing_subscriber::fmt::MakeWriter;

    /// Collects what the subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    /// The lines `log` writes, formatted by `format`.
    fn lines_of(format: LineFormat, log: impl FnOnce()) -> String {
        lines_with_ansi(false, format, log)
    }

    fn lines_with_ansi(ansi: bool, format: LineFormat, log: impl FnOnce()) -> String {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(ansi)
            .event_format(format)
            .fmt_fields(LineFields)
            .with_writer(captured.clone())
            .with_max_level(Level::DEBUG)
            .finish();
        tracing::subscriber::with_default(subscriber, log);
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn a_request_line_has_its_span_target_message_and_fields() {
        let lines = lines_of(LineFormat::new().without_time(), || {
            let span = tracing::info_span!("request", id = "req-1", method = "GET", path = "/x");
            let _entered = span.enter();
            tracing::info!(status = 200u16, latency_us = 234u64, "answered");
        });
        assert_eq!(
            lines,
            " INFO request{id=req-1 method=GET path=/x}: catalog::log_format::tests: \
             answered status=200 latency_us=234\n"
        );
    }

    #[test]
    fn events_in_nested_spans_name_every_span_and_outside_them_none() {
        let lines = lines_of(LineFormat::new().without_time(), || {
            let outer = tracing::info_span!("request", id = "a");
            let _outer = outer.enter();
            let inner = tracing::debug_span!("store", call = "get");
            let _inner = inner.enter();
            tracing::warn!(negative = -3i64, flag = true, "slow");
            drop(_inner);
            drop(_outer);
            tracing::error!("outside");
        });
        assert_eq!(
            lines,
            " WARN request{id=a}:store{call=get}: catalog::log_format::tests: slow negative=-3 flag=true\n\
             ERROR catalog::log_format::tests: outside\n"
        );
    }

    #[test]
    fn values_that_could_forge_structure_are_quoted_and_escaped() {
        let lines = lines_of(LineFormat::new().without_time(), || {
            tracing::info!(
                spaced = "two words",
                quoted = "/a\"b",
                assigned = "k=v",
                empty = "",
                newline = "x\nERROR forged",
                terminal = "\x1b[2Jgone",
                display = %"back\\slash",
                debug = ?Duration::from_micros(1500),
                "message with\na newline",
            );
        });
        assert_eq!(
            lines,
            " INFO catalog::log_format::tests: message with\\na newline spaced=\"two words\" \
             quoted=\"/a\\\"b\" assigned=\"k=v\" empty=\"\" newline=\"x\\nERROR forged\" \
             terminal=\"\\u{1b}[2Jgone\" display=\"back\\\\slash\" debug=1.5ms\n"
        );
        assert_eq!(lines.lines().count(), 1);
    }

    // The fields a client controls are span fields: the id and the path of every request.
    #[test]
    fn span_fields_from_a_client_cannot_forge_structure() {
        let lines = lines_of(LineFormat::new().without_time(), || {
            let span = tracing::info_span!(
                "request",
                id = "a}: forged{",
                path = "/a b\"\r\nERROR x=\u{7f}\u{9b}",
            );
            let _entered = span.enter();
            tracing::info!("answered");
        });
        assert_eq!(
            lines,
            " INFO request{id=\"a}: forged{\" path=\"/a b\\\"\\r\\nERROR x=\\u{7f}\\u{9b}\"}: \
             catalog::log_format::tests: answered\n"
        );
        let body = &lines[..lines.len() - 1];
        assert!(!body.contains(['\r', '\n', '\x1b']), "{lines}");
    }

    // Characters that are not control characters but change how a line displays: U+202E reverses
    // the text after it, U+2028 breaks the line in some viewers, U+200B hides. Printable
    // non-ASCII text stays as it is, inside quotes.
    #[test]
    fn invisible_unicode_is_escaped_and_printable_unicode_kept() {
        let lines = lines_of(LineFormat::new().without_time(), || {
            tracing::info!(
                bidi = "ab\u{202e}cd",
                separator = "x\u{2028}y",
                hidden = "\u{200b}",
                accented = "café",
            );
        });
        assert_eq!(
            lines,
            " INFO catalog::log_format::tests: bidi=\"ab\\u{202e}cd\" separator=\"x\\u{2028}y\" \
             hidden=\"\\u{200b}\" accented=\"café\"\n"
        );
    }

    // A span's fields are gathered in a 256-byte buffer. Here the first field nearly fills it,
    // the second (with a two-byte character) does not fit behind it and makes it flush, and the
    // third is longer than the buffer and is written past it: all three come out whole, in order.
    #[test]
    fn long_values_pass_the_field_buffer_whole() {
        let first = "x".repeat(240);
        let second = format!("{}é{}", "y".repeat(8), "z".repeat(8));
        let third = "w".repeat(300);
        let lines = lines_of(LineFormat::new().without_time(), || {
            let span = tracing::info_span!(
                "request",
                a = first.as_str(),
                b = second.as_str(),
                c = third.as_str()
            );
            let _entered = span.enter();
            tracing::info!("answered");
        });
        assert_eq!(
            lines,
            format!(
                " INFO request{{a={first} b=\"{second}\" c={third}}}: catalog::log_format::tests: answered\n"
            )
        );
    }

    #[test]
    fn the_level_alone_is_coloured_when_ansi_is_on() {
        let lines = lines_with_ansi(true, LineFormat::new().without_time(), || {
            tracing::warn!(path = "/x", "slow");
        });
        assert_eq!(
            lines,
            "\x1b[33m WARN\x1b[0m catalog::log_format::tests: slow path=/x\n"
        );
    }

    #[test]
    fn errors_are_written_with_their_sources() {
        #[derive(Debug)]
        struct Outer(io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("cannot read")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let error = Outer(io::Error::other("disk on fire"));
        let lines = lines_of(LineFormat::new().without_time(), || {
            tracing::error!(
                error = &error as &(dyn std::error::Error + 'static),
                "failed"
            );
        });
        assert!(
            lines.ends_with("failed error=\"cannot read: disk on fire\"\n"),
            "{lines}"
        );
    }

    #[test]
    fn timestamps_are_rfc3339_utc_to_the_microsecond() {
        // Each checked against `date -u -d @SECONDS`.
        for (seconds, micros, expected) in [
            (0, 0, "1970-01-01T00:00:00.000000Z"),
            (951_782_400, 7, "2000-02-29T00:00:00.000007Z"),
            (1_709_251_199, 999_999, "2024-02-29T23:59:59.999999Z"),
            (1_735_689_600, 123_456, "2025-01-01T00:00:00.123456Z"),
            (4_107_542_400, 0, "2100-03-01T00:00:00.000000Z"),
        ] {
            let time = UNIX_EPOCH + Duration::new(seconds, micros * 1000);
            let mut text = String::new();
            write_timestamp(&mut Writer::new(&mut text), time).unwrap();
            assert_eq!(text, expected, "{seconds}");
        }
    }

    #[test]
    fn a_line_with_time_starts_with_a_timestamp() {
        let lines = lines_of(LineFormat::new(), || tracing::info!("hello"));
        let (time, rest) = lines.split_once(' ').unwrap();
        assert_eq!(time.len(), "2025-01-01T00:00:00.000000Z".len(), "{lines}");
        assert!(
            time.ends_with('Z') && time.as_bytes()[10] == b'T',
            "{lines}"
        );
        assert_eq!(rest, " INFO catalog::log_format::tests: hello\n");
    }
}
