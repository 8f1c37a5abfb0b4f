package io.bvecq;

/** The debugging dump of {@link ChainBuffer#hexDump}: 16 bytes a line, offset, hex, printable ASCII. */
final class HexDump {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HexDump() {
    }

    static String format(String title, byte[] b, long total) {
        StringBuilder sb = new StringBuilder(title.length() + 1 + (b.length / 16 + 2) * 80);
        sb.append(title);
        for (int line = 0; line < b.length; line += 16) {
            sb.append('\n');
            String off = Long.toHexString(line);
            sb.repeat('0', 8 - off.length()).append(off).append(' ');
            int end = Math.min(b.length, line + 16);
            for (int i = line; i < line + 16; i++) {
                sb.append(i == line + 8 ? "  " : " ");
                if (i < end) {
                    sb.append(HEX[(b[i] >> 4) & 0xf]).append(HEX[b[i] & 0xf]);
                } else {
                    sb.append("  ");
                }
            }
            sb.append("  |");
            for (int i = line; i < end; i++) {
                char c = (char) (b[i] & 0xff);
                sb.append(c >= 0x20 && c < 0x7f ? c : '.');
            }
            sb.append('|');
        }
        if (total > b.length) {
            sb.append("\n... ").append(total - b.length).append(" more bytes");
        }
        return sb.toString();
    }
}
