import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stand-in data nodes for bench/catalog.sh: N HTTP servers on 127.0.0.1 that answer the part of the
 * data role's API a router reads (DESIGN.md "Data role"), over a synthetic catalog, and register
 * themselves as {@code data.dispotify} in a real name service. Ingesting 100,000 real songs would
 * take far longer than the benchmark; the router cannot tell the difference.
 * Like a real data node, each tags its catalog with a weak {@code ETag} and answers a listing's first page
 * {@code 304} to a router whose {@code If-None-Match} holds it (the catalog never changes here), so an
 * idle router's polling costs one small exchange per node. {@code -Dtagged=false} sends no tag: the router
 * then re-reads every node's whole list on its full-listing interval, as it must for an untagged node.
 *
 *   java FakeCatalogNodes.java SONGS NAME_SERVICE_PORT QUERIES_OUT IDS_OUT PORT [PORT...]
 *
 * Song i lives on nodes i mod N and (i + 1) mod N (two copies, as replication keeps them), so with
 * three nodes each lists two thirds of the catalog. Answers:
 *   GET /data/songs?page&size          {items, page, size, total} in a fixed order
 *   GET /data/songs/{id}/complete      {"complete":true} for the node's songs, 404 otherwise
 *   GET /actuator/health               {"status":"UP"}
 * Writes search terms taken from the catalog (artists, album words, genres, title fragments, and
 * some that match nothing) to QUERIES_OUT and every song id to IDS_OUT, one a line.
 *
 * Library mode (bench/library.sh): {@code -Dalbums=N} spreads the songs over N albums (default 20,000)
 * and {@code -Dcovers=K} gives every song an album artist, a disc number and one of K cover images
 * (600 px JPEGs made here; album a has cover a mod K), listed as {@code hasCover}/{@code coverId} and
 * served at {@code GET /data/songs/{id}/cover}.
 */
public class FakeCatalogNodes {

    private static final String[] GENRES = {"Rock", "Pop", "Jazz", "Blues", "Classical", "Electronic", "Hip-Hop",
            "Folk", "Country", "Reggae", "Soul", "Funk", "Metal", "Punk", "Ambient", "Techno", "House", "Latin",
            "Gospel", "Disco", "Indie", "Soundtrack", "World", "Opera"};
    private static final String[] FORMATS = {"mp3", "flac", "ogg", "wav"};
    private static final String[] MIME = {"audio/mpeg", "audio/flac", "audio/ogg", "audio/wav"};

    /** Whether the nodes tag their catalog as real data nodes do (DESIGN.md, {@code GET /data/songs}). */
    private static final boolean TAGGED = !"false".equals(System.getProperty("tagged"));

    record FakeSong(String id, String json, byte[] cover) {
    }

    public static void main(String[] args) throws Exception {
        int songs = Integer.parseInt(args[0]);
        int nameServicePort = Integer.parseInt(args[1]);
        Path queriesOut = Path.of(args[2]);
        Path idsOut = Path.of(args[3]);
        List<Integer> ports = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            ports.add(Integer.parseInt(args[i]));
        }
        int n = ports.size();

        Random random = new Random(20261126);
        List<String> words = words(random, 600);
        List<String> artists = names(random, words, 5_000, 2);
        List<String> albums = names(random, words, Integer.getInteger("albums", 20_000), 3);
        List<byte[]> covers = covers(Integer.getInteger("covers", 0));
        List<String> coverIds = new ArrayList<>();
        for (byte[] cover : covers) {
            coverIds.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cover)));
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<FakeSong> all = new ArrayList<>(songs);
        List<String> titles = new ArrayList<>(songs);
        for (int i = 0; i < songs; i++) {
            String id = HexFormat.of().formatHex(sha.digest(("fake-song-" + i).getBytes(StandardCharsets.UTF_8)));
            String title = capitalize(words.get(random.nextInt(words.size()))) + " "
                    + words.get(random.nextInt(words.size())) + (random.nextBoolean() ? " " + words.get(random.nextInt(words.size())) : "");
            int album = random.nextInt(albums.size());
            String artist = artists.get(album % artists.size());
            int format = random.nextInt(FORMATS.length);
            long duration = 90_000 + random.nextInt(400_000);
            String json = "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"artist\":\"" + artist
                    + "\",\"album\":\"" + albums.get(album) + "\",\"genre\":\"" + GENRES[album % GENRES.length]
                    + "\",\"year\":" + (1960 + album % 65) + ",\"track\":" + (1 + i % 14) + ",\"durationMs\":" + duration
                    + ",\"format\":\"" + FORMATS[format] + "\",\"mimeType\":\"" + MIME[format] + "\",\"bitrate\":"
                    + (format == 0 ? 192000 : 900000) + ",\"sizeBytes\":" + duration * 24 + ",\"chunkCount\":"
                    + (duration / 10_000 + 1)
                    + (covers.isEmpty() ? "" : ",\"albumArtist\":\"" + artist + "\",\"disc\":" + (1 + i % 2)
                            + ",\"hasCover\":true,\"coverId\":\"" + coverIds.get(album % covers.size()) + "\"")
                    + "}";
            all.add(new FakeSong(id, json, covers.isEmpty() ? null : covers.get(album % covers.size())));
            titles.add(title);
        }

        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            queries.add(artists.get(random.nextInt(artists.size())));                    // an artist: ~20 songs
            queries.add(words.get(random.nextInt(words.size())).toUpperCase());          // a word: ~1 % of songs
            String title = titles.get(random.nextInt(titles.size()));
            int from = random.nextInt(Math.max(1, title.length() - 4));
            queries.add(title.substring(from, Math.min(title.length(), from + 4 + random.nextInt(4))).strip()); // a fragment
            queries.add(albums.get(random.nextInt(albums.size())).toLowerCase());        // an album: ~5 songs
            queries.add("zq" + words.get(random.nextInt(words.size())) + "x");            // nothing
        }
        for (String genre : GENRES) {
            queries.add(genre.toLowerCase());                                             // a genre: ~4 % of songs
        }
        queries.removeIf(q -> q.length() < 3);
        Files.write(queriesOut, queries);
        Files.write(idsOut, all.stream().map(FakeSong::id).toList());

        ExecutorService workers = Executors.newFixedThreadPool(4);
        for (int node = 0; node < n; node++) {
            List<FakeSong> mine = new ArrayList<>();
            java.util.Map<String, byte[]> coverOf = new java.util.HashMap<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < songs; i++) {
                if (i % n == node || (n > 1 && (i + 1) % n == node)) {
                    mine.add(all.get(i));
                    ids.add(all.get(i).id());
                    if (all.get(i).cover() != null) {
                        coverOf.put(all.get(i).id(), all.get(i).cover());
                    }
                }
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(node)), 256);
            server.setExecutor(workers);
            server.createContext("/", exchange -> answer(exchange, mine, ids, coverOf));
            server.start();
            register(nameServicePort, "fake-" + (node + 1), ports.get(node));
            System.out.printf("fake data node fake-%d on 127.0.0.1:%d with %d songs%n", node + 1, ports.get(node), mine.size());
        }
    }

    private static void answer(HttpExchange exchange, List<FakeSong> mine, Set<String> ids,
                               java.util.Map<String, byte[]> coverOf) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/actuator/health")) {
                send(exchange, 200, "{\"status\":\"UP\"}");
            } else if (path.equals("/data/songs")) {
                String tag = "W/\"fake-catalog-" + mine.size() + "\"";
                if (TAGGED && tag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.getResponseHeaders().set("ETag", tag);
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                if (TAGGED) {
                    exchange.getResponseHeaders().set("ETag", tag);
                }
                int page = param(exchange, "page", 0);
                int size = Math.max(1, Math.min(500, param(exchange, "size", 50)));
                StringBuilder body = new StringBuilder(size * 420).append("{\"items\":[");
                int from = (int) Math.min((long) page * size, mine.size());
                int to = Math.min(from + size, mine.size());
                for (int i = from; i < to; i++) {
                    body.append(i > from ? "," : "").append(mine.get(i).json());
                }
                body.append("],\"page\":").append(page).append(",\"size\":").append(size)
                        .append(",\"total\":").append(mine.size()).append('}');
                send(exchange, 200, body.toString());
            } else if (path.startsWith("/data/songs/") && path.endsWith("/cover")) {
                byte[] cover = coverOf.get(path.substring("/data/songs/".length(), path.length() - "/cover".length()));
                if (cover == null) {
                    send(exchange, 404, "{\"status\":404,\"title\":\"No cover\"}");
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                    exchange.sendResponseHeaders(200, cover.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(cover);
                    }
                }
            } else if (path.startsWith("/data/songs/") && path.endsWith("/complete")) {
                String id = path.substring("/data/songs/".length(), path.length() - "/complete".length());
                if (ids.contains(id)) {
                    send(exchange, 200, "{\"complete\":true}");
                } else {
                    send(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
                }
            } else {
                send(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
            }
        }
    }

    /** {@code count} 600 px JPEG covers of different colours. */
    private static List<byte[]> covers(int count) throws IOException {
        List<byte[]> covers = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(600, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setPaint(new java.awt.GradientPaint(0, 0, java.awt.Color.getHSBColor(k / (float) count, 0.7f, 0.9f),
                    600, 600, java.awt.Color.getHSBColor((k + 0.5f) / count, 0.5f, 0.3f)));
            g.fillRect(0, 0, 600, 600);
            g.setColor(java.awt.Color.WHITE);
            g.fillOval(150 + k % 50, 150, 300, 300);
            g.dispose();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "jpeg", out);
            covers.add(out.toByteArray());
        }
        return covers;
    }

    private static int param(HttpExchange exchange, String name, int fallback) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return Integer.parseInt(pair.substring(name.length() + 1));
                }
            }
        }
        return fallback;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void register(int nameServicePort, String nodeId, int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body = "{\"name\":\"data.dispotify\",\"nodeId\":\"" + nodeId + "\",\"host\":\"127.0.0.1\",\"port\":" + port
                + ",\"ttlSeconds\":3600}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nameServicePort + "/api/records"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = null;
        // A loaded machine can keep the name service from answering in time: a few tries, each bounded.
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.http.HttpTimeoutException e) {
                if (attempt == 4) {
                    throw e;
                }
            }
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("name service refused " + nodeId + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** Pronounceable lower-case words, distinct. */
    private static List<String> words(Random random, int count) {
        String[] onsets = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "br", "st", "tr", "gl", "sh"};
        String[] vowels = {"a", "e", "i", "o", "u", "ai", "ou", "ee"};
        Set<String> words = new HashSet<>();
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < count) {
            StringBuilder word = new StringBuilder();
            int syllables = 2 + random.nextInt(2);
            for (int s = 0; s < syllables; s++) {
                word.append(onsets[random.nextInt(onsets.length)]).append(vowels[random.nextInt(vowels.length)]);
            }
            if (random.nextBoolean()) {
                word.append(onsets[random.nextInt(onsets.length)]);
            }
            if (words.add(word.toString())) {
                ordered.add(word.toString());
            }
        }
        return ordered;
    }

    private static List<String> names(Random random, List<String> words, int count, int maxWords) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int parts = 1 + random.nextInt(maxWords);
            StringBuilder name = new StringBuilder();
            for (int p = 0; p < parts; p++) {
                name.append(p > 0 ? " " : "").append(capitalize(words.get(random.nextInt(words.size()))));
            }
            names.add(name.toString());
        }
        return names;
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
