package org.dispotify.node.harness;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny process for the harness's self-tests, started in a namespace or under a fault (one JVM,
 * no dependencies): {@code serve ADDR PORT} echoes TCP and UDP on that address; {@code call HOST
 * PORT TIMEOUT_MS} dials once and prints {@code connected RTT_MS} or {@code failed REASON};
 * {@code clock} prints wall-minus-monotonic every 100 ms; {@code spin} prints how many loop
 * rounds it managed per 100 ms. Every mode ends by itself (at most 120 s).
 */
public final class Probe {

    private static final long LIFETIME_MS = 120_000;

    private Probe() {
    }

    public static void main(String[] args) throws Exception {
        long end = System.currentTimeMillis() + LIFETIME_MS;
        switch (args[0]) {
            case "serve" -> serve(InetAddress.getByName(args[1]), Integer.parseInt(args[2]), end);
            case "call" -> call(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "clock" -> {
                long nanoEnd = System.nanoTime() + LIFETIME_MS * 1_000_000;
                while (System.nanoTime() < nanoEnd) {
                    System.out.println("clock " + System.currentTimeMillis() + " " + System.nanoTime());
                    Thread.sleep(100);
                }
            }
            case "spin" -> {
                long nanoEnd = System.nanoTime() + LIFETIME_MS * 1_000_000;
                double sink = 0;
                while (System.nanoTime() < nanoEnd) {
                    long until = System.nanoTime() + 100_000_000;
                    long rounds = 0;
                    while (System.nanoTime() < until) {
                        sink += Math.sqrt(rounds++);
                    }
                    System.out.println("spin " + rounds + (sink < 0 ? "!" : ""));
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** The class path that holds this class (target/test-classes). */
    static String classPath() {
        try {
            return Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classPath(),
                Probe.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static void serve(InetAddress address, int port, long end) throws Exception {
        Thread udp = new Thread(() -> {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, port))) {
                socket.setSoTimeout(1000);
                byte[] buffer = new byte[1500];
                while (System.currentTimeMillis() < end) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                        socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
                    } catch (SocketTimeoutException e) {
                        // Check the lifetime.
                    }
                }
            } catch (IOException e) {
                System.out.println("udp failed " + e);
            }
        });
        udp.setDaemon(true);
        udp.start();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, port));
            server.setSoTimeout(1000);
            System.out.println("serving " + address.getHostAddress() + ":" + port);
            while (System.currentTimeMillis() < end) {
                try {
                    Socket client = server.accept();
                    Thread echo = new Thread(() -> echo(client));
                    echo.setDaemon(true);
                    echo.start();
                } catch (SocketTimeoutException e) {
                    // Check the lifetime.
                }
            }
        }
    }

    private static void echo(Socket client) {
        try (client; DataInputStream in = new DataInputStream(client.getInputStream());
             DataOutputStream out = new DataOutputStream(client.getOutputStream())) {
            client.setSoTimeout(30_000);
            while (true) {
                out.writeLong(in.readLong());
                out.flush();
            }
        } catch (IOException e) {
            // The caller hung up.
        }
    }

    private static void call(String host, int port, int timeoutMs) {
        try (Socket socket = new Socket()) {
            long start = System.nanoTime();
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeLong(42);
            out.flush();
            long echoed = new DataInputStream(socket.getInputStream()).readLong();
            System.out.println(echoed == 42 ? "connected " + (System.nanoTime() - start) / 1_000_000 : "failed bad echo");
        } catch (IOException e) {
            System.out.println("failed " + e);
        }
    }
}
