package dev.andon.probe;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An in-process name server on 127.0.0.1, UDP and TCP on the same ephemeral port, built from
 * dnsjava's own message classes: it answers the records it was given, NXDOMAIN for names it does
 * not know, and can be told to fail (SERVFAIL), to stay silent, or to truncate over UDP.
 */
final class DnsTestServer implements AutoCloseable {
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Map<Name, Integer> rcodes = new ConcurrentHashMap<>();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final Set<Name> truncated = ConcurrentHashMap.newKeySet();
    final AtomicInteger tcpQueries = new AtomicInteger();

    DnsTestServer() throws IOException {
        DatagramSocket datagrams = null;
        ServerSocket stream = null;
        // TCP must share the UDP port, which the system picks: retry if that TCP port is taken.
        for (int attempt = 0; attempt < 20 && stream == null; attempt++) {
            datagrams = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            try {
                stream = new ServerSocket(datagrams.getLocalPort(), 50, InetAddress.getLoopbackAddress());
            } catch (IOException taken) {
                datagrams.close();
            }
        }
        if (stream == null) {
            throw new IOException("no port free for both UDP and TCP");
        }
        udp = datagrams;
        tcp = stream;
        Thread.ofPlatform().daemon().name("dns-test-udp").start(this::serveUdp);
        Thread.ofPlatform().daemon().name("dns-test-tcp").start(this::serveTcp);
    }

    /** Adds answers; each record is served for queries of its own name and type. */
    DnsTestServer answer(Record... answers) {
        for (Record record : answers) {
            records.computeIfAbsent(record.getName(), name -> new ArrayList<>()).add(record);
        }
        return this;
    }

    /** Answers every query for {@code name} with {@code rcode} and no records. */
    DnsTestServer rcode(String name, int rcode) {
        rcodes.put(name(name), rcode);
        return this;
    }

    /** Never answers queries for {@code name}. */
    DnsTestServer silent(String name) {
        silent.add(name(name));
        return this;
    }

    /** Answers {@code name} over UDP with an empty, truncated response, so the client retries over TCP. */
    DnsTestServer truncated(String name) {
        truncated.add(name(name));
        return this;
    }

    /** The resolver setting that points at this server. */
    String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    static Name name(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Message respond(Message query, boolean overUdp) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        if (rcodes.containsKey(name)) {
            response.getHeader().setRcode(rcodes.get(name));
            return response;
        }
        if (overUdp && truncated.contains(name)) {
            response.getHeader().setFlag(Flags.TC);
            return response;
        }
        List<Record> known = records.get(name);
        if (known == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        for (Record record : known) {
            // A CNAME is served for any type, followed by what its target has, as a real server does.
            if (record.getType() == question.getType() || record.getType() == Type.CNAME) {
                response.addRecord(record, Section.ANSWER);
                if (record.getType() == Type.CNAME && question.getType() != Type.CNAME) {
                    List<Record> target = records.getOrDefault(((CNAMERecord) record).getTarget(), List.of());
                    target.stream().filter(r -> r.getType() == question.getType()).forEach(r -> response.addRecord(r, Section.ANSWER));
                }
            }
        }
        return response;
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                if (silent.contains(query.getQuestion().getName())) {
                    continue;
                }
                byte[] out = respond(query, true).toWire();
                udp.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket socket = tcp.accept()) {
                tcpQueries.incrementAndGet();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] data = new byte[in.readUnsignedShort()];
                in.readFully(data);
                byte[] out = respond(new Message(data), false).toWire();
                DataOutputStream reply = new DataOutputStream(socket.getOutputStream());
                reply.writeShort(out.length);
                reply.write(out);
                reply.flush();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    /** A record of class IN, written as in a zone file ({@code record("example.com", Type.MX, "10 mail.example.com.")}). */
    static Record record(String name, int type, String rdata) {
        try {
            return Record.fromString(name(name), type, DClass.IN, 300, rdata, Name.root);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
