package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Locale;

/**
 * Decodes bytes to text and, on a byte sequence the charset does not allow, stops with the
 * line and the byte offset where it is and a hint to name the file's encoding; the JDK's
 * InputStreamReader says only "Input length = 1".
 */
final class DecodingReader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final String source;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private long consumed; // bytes decoded before bytes.position()
    private long lines = 1;
    private boolean eof;
    private boolean flushed;

    DecodingReader(InputStream in, Charset charset, String source) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.source = source;
        bytes.flip();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.position() == off) {
            if (flushed) {
                return -1;
            }
            int before = bytes.position();
            CoderResult result = decoder.decode(bytes, out, eof);
            consumed += bytes.position() - before;
            if (result.isError()) {
                throw malformed(cbuf, off, out.position(), result.length());
            }
            if (result.isOverflow()) {
                break;
            }
            if (eof) {
                decoder.flush(out);
                flushed = true;
                if (bytes.hasRemaining()) {
                    throw malformed(cbuf, off, out.position(), bytes.remaining());
                }
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        int produced = out.position() - off;
        for (int i = off; i < off + produced; i++) {
            if (cbuf[i] == '\n') {
                lines++;
            }
        }
        return produced == 0 && flushed ? -1 : produced;
    }

    private InvalidInputException malformed(char[] cbuf, int off, int end, int length) {
        long line = lines;
        for (int i = off; i < end; i++) {
            if (cbuf[i] == '\n') {
                line++;
            }
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(length, 4) && bytes.position() + i < bytes.limit(); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes.get(bytes.position() + i) & 0xff));
        }
        return new InvalidInputException(String.format(Locale.ROOT,
                "%s line %d, byte offset %d: %s %s %s not valid %s text; if the file has another encoding, give it "
                        + "(--encoding ISO-8859-1 or windows-1252 for most Western European spreadsheets)",
                source, line, consumed, length == 1 ? "byte" : "bytes", hex, length == 1 ? "is" : "are", decoder.charset().name()));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
