// tcp-cases: tcpsim's ns-3 comparison cases (tcpsim bench --case p1|p3|p4), staged in ns-3 so that the two
// simulators can be timed side by side on one machine. See README.md beside this file for what is staged, how it
// differs from tcpsim's case, and how to run it (./run p3 p4).
//
// One client node and one server node joined by one point-to-point link: 100 Mbps, 25 ms each way (RTT 50 ms), a
// drop-tail device queue of 10,000 packets and no queue disc, 1% of packets lost each way (a RateErrorModel per
// packet as the ReceiveErrorModel of each device). Connection i (i = 0 .. N-1) opens at i / rate; its client sends
// a 1000 B request as soon as it is connected and closes at once (the FIN goes with the request); the server reads
// the request, and when the client's FIN arrives it closes too (its FIN answers the client's). The client's socket
// then sits in TIME_WAIT for 2 * ns3::TcpSocketBase::MaxSegLifetime: ns-3's default MSL is 120 s, so 240 s (p1);
// p3 and p4 set it to 0.5 s for a 1 s TIME_WAIT.
//
// It prints "key value" lines in a fixed order (the run script reads them by key). A connection is "completed" when
// its client socket went ESTABLISHED -> ... -> TIME_WAIT -> CLOSED, i.e. the client's whole close is done, TIME_WAIT
// included; server_closed counts the server sockets that left LAST_ACK for CLOSED (the server's close done). Wall
// time is std::chrono::steady_clock around Simulator::Run() alone (not the set-up, not the process).

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

using namespace ns3;

namespace
{

/** One comparison case: the arrival rate and the TIME_WAIT duration (tcpsim's BenchCommand.Case). */
struct Case
{
    const char* name;
    double ratePerSecond;
    bool defaultTimeWait; // p1 keeps ns-3's own default (MSL 120 s), so that it is measured, not assumed
    double timeWaitS;     // the TIME_WAIT of the other cases
};

const Case kCases[] = {
    {"p1", 50, true, 0},
    {"p3", 50, false, 1},
    {"p4", 1000, false, 1},
};

const uint16_t kServerPort = 80;
const uint32_t kRequestBytes = 1000;

/** What the connections did: the counts printed at the end. */
struct Tally
{
    uint64_t established = 0;  // clients that went SYN_SENT -> ESTABLISHED
    double setupSum = 0;       // their Connect() -> ESTABLISHED times, s
    double setupMax = 0;
    uint64_t setupRetried = 0; // of them, those that took >= 0.5 s: a SYN or SYN-ACK was resent (after 3 s)
    uint64_t timeWait = 0;     // clients in TIME_WAIT now
    uint64_t timeWaitPeak = 0; // the most at once during the arrivals [0, N / rate], as tcpsim's time_wait_peak
    uint64_t completed = 0;    // clients that left TIME_WAIT for CLOSED: the whole close done
    uint64_t clientFailed = 0; // clients that ended any other way (connect failed, RST, retries exhausted)
    uint64_t accepted = 0;
    uint64_t serverClosed = 0; // server sockets that left LAST_ACK for CLOSED
    uint64_t serverFailed = 0; // server sockets that ended any other way (mostly: LAST_ACK retries exhausted)
    uint64_t requestBytes = 0; // read by the server
};

/**
 * The whole experiment: the clients it opens, the server sockets it accepts, and what they did. Sockets are held
 * here while they live (ns-3 frees a socket when its last reference goes, and a closing socket calls back into us
 * from inside its own methods), then moved to `m_closed`, which the next arrival (an event of its own) empties:
 * memory follows live sockets, not sockets ever made. A socket is done at the first of: its state becomes CLOSED,
 * or ns-3 reports an error close (when its retries run out ns-3 drops the endpoint but leaves the state as it
 * was, so a state trace alone would never see it end). When every client and every accepted server socket is
 * done, the simulation stops: what is still queued then is timers of sockets that no longer exist.
 */
class Cases
{
  public:
    Cases(Ptr<Node> client, Ptr<Node> server, Ipv4Address serverAddress, uint64_t connections, double rate)
        : m_client(client),
          m_server(server),
          m_serverAddress(serverAddress),
          m_connections(connections),
          m_intervalNs(static_cast<int64_t>(1e9 / rate + 0.5)),
          m_arrivalsEndNs(static_cast<int64_t>(connections) * m_intervalNs),
          m_clients(connections),
          m_openedAt(connections)
    {
    }

    void Listen()
    {
        m_listener = Socket::CreateSocket(m_server, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kServerPort));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&Cases::Accepted, this));
    }

    /** Schedules connection 0; each arrival schedules the next, as tcpsim's constant arrivals do. */
    void Start()
    {
        Simulator::Schedule(NanoSeconds(0), &Cases::Arrive, this, uint64_t{0});
    }

    Ptr<Socket> Listener() const
    {
        return m_listener;
    }

    const Tally& Counts() const
    {
        return m_tally;
    }

  private:
    void Arrive(uint64_t i)
    {
        m_closed.clear(); // sockets done since the last arrival: no ns-3 code of theirs is running now
        Ptr<Socket> s = Socket::CreateSocket(m_client, TcpSocketFactory::GetTypeId());
        s->TraceConnectWithoutContext("State", MakeCallback(&Cases::ClientState, this, i));
        s->SetConnectCallback(MakeCallback(&Cases::Connected, this), MakeCallback(&Cases::ClientError, this, i));
        s->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(), MakeCallback(&Cases::ClientError, this, i));
        m_clients[i] = s;
        m_openedAt[i] = Simulator::Now().GetNanoSeconds();
        if (s->Bind() != 0 || s->Connect(InetSocketAddress(m_serverAddress, kServerPort)) != 0)
        {
            NS_FATAL_ERROR("connection " << i << " could not connect: socket errno " << s->GetErrno());
        }
        if (i + 1 < m_connections)
        {
            // the next at (i+1)/rate from time 0, not an interval from now: no drift
            Time at = NanoSeconds(static_cast<int64_t>(i + 1) * m_intervalNs);
            Simulator::Schedule(at - Simulator::Now(), &Cases::Arrive, this, i + 1);
        }
    }

    void Connected(Ptr<Socket> s)
    {
        if (s->Send(Create<Packet>(kRequestBytes)) != static_cast<int>(kRequestBytes))
        {
            NS_FATAL_ERROR("request send failed: socket errno " << s->GetErrno());
        }
        s->Close(); // with data pending ns-3 defers the FIN until the data goes: it rides on the request
    }

    void ClientState(uint64_t i, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
    {
        if (from == TcpSocket::SYN_SENT && to == TcpSocket::ESTABLISHED)
        {
            double setup = (Simulator::Now().GetNanoSeconds() - m_openedAt[i]) / 1e9;
            m_tally.established++;
            m_tally.setupSum += setup;
            m_tally.setupMax = std::max(m_tally.setupMax, setup);
            m_tally.setupRetried += setup >= 0.5 ? 1 : 0;
        }
        else if (to == TcpSocket::TIME_WAIT)
        {
            m_tally.timeWait++;
            if (Simulator::Now().GetNanoSeconds() <= m_arrivalsEndNs)
            {
                m_tally.timeWaitPeak = std::max(m_tally.timeWaitPeak, m_tally.timeWait);
            }
        }
        else if (to == TcpSocket::CLOSED && from == TcpSocket::TIME_WAIT)
        {
            m_tally.timeWait--;
            ClientDone(i, true);
        }
        else if (to == TcpSocket::CLOSED)
        {
            ClientDone(i, false);
        }
    }

    void ClientError(uint64_t i, Ptr<Socket>)
    {
        ClientDone(i, false);
    }

    void ClientDone(uint64_t i, bool completed)
    {
        if (!m_clients[i])
        {
            return; // already done: an error close is followed by CLOSED on some paths
        }
        (completed ? m_tally.completed : m_tally.clientFailed)++;
        m_closed.push_back(m_clients[i]);
        m_clients[i] = nullptr;
        m_clientsDone++;
        StopWhenAllDone();
    }

    void Accepted(Ptr<Socket> s, const Address&)
    {
        Socket* key = PeekPointer(s);
        s->SetRecvCallback(MakeCallback(&Cases::Read, this));
        s->SetCloseCallbacks(MakeCallback(&Cases::PeerClosed, this), MakeCallback(&Cases::ServerError, this));
        s->TraceConnectWithoutContext("State", MakeCallback(&Cases::ServerState, this, key));
        m_tally.accepted++;
        m_servers.emplace(key, s);
    }

    /** Reads all there is: ns-3 answers a Close() with unread data by a RST. */
    void Read(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break; // end of file
            }
            m_tally.requestBytes += p->GetSize();
        }
    }

    /**
     * The client's FIN arrived (CLOSE_WAIT). ShutdownSend() sends our FIN now (-> LAST_ACK) and tells ns-3 that we
     * send nothing more, so it finishes the close itself; a Close() here would make ns-3 send a pure ACK after our
     * FIN as well.
     */
    void PeerClosed(Ptr<Socket> s)
    {
        s->ShutdownSend();
    }

    void ServerError(Ptr<Socket> s)
    {
        ServerDone(PeekPointer(s), false);
    }

    void ServerState(Socket* key, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
    {
        if (to == TcpSocket::CLOSED)
        {
            ServerDone(key, from == TcpSocket::LAST_ACK);
        }
    }

    void ServerDone(Socket* key, bool closed)
    {
        auto it = m_servers.find(key);
        if (it == m_servers.end())
        {
            return; // already done
        }
        (closed ? m_tally.serverClosed : m_tally.serverFailed)++;
        m_closed.push_back(it->second);
        m_servers.erase(it);
        StopWhenAllDone();
    }

    void StopWhenAllDone()
    {
        if (m_clientsDone == m_connections && m_servers.empty())
        {
            Simulator::Stop();
        }
    }

    Ptr<Node> m_client;
    Ptr<Node> m_server;
    Ipv4Address m_serverAddress;
    uint64_t m_connections;
    int64_t m_intervalNs;
    int64_t m_arrivalsEndNs;
    Ptr<Socket> m_listener;
    std::vector<Ptr<Socket>> m_clients;                 // by connection, until it is done
    std::vector<int64_t> m_openedAt;                    // by connection: when Connect() was called, ns
    uint64_t m_clientsDone = 0;
    std::unordered_map<Socket*, Ptr<Socket>> m_servers; // accepted, not yet done (looked up, never iterated)
    std::vector<Ptr<Socket>> m_closed;                  // done since the last arrival
    Tally m_tally;
};

/** Packets put on the wire and packets the error models dropped, both devices together. */
struct Wire
{
    uint64_t sent = 0;
    uint64_t dropped = 0;

    void Sent(Ptr<const Packet>)
    {
        sent++;
    }

    void Dropped(Ptr<const Packet>)
    {
        dropped++;
    }
};

std::string
AttributeText(Ptr<Object> o, const std::string& name)
{
    StringValue v;
    o->GetAttribute(name, v);
    return v.Get();
}

double
AttributeSeconds(Ptr<Object> o, const std::string& name)
{
    TimeValue v;
    o->GetAttribute(name, v);
    return v.Get().GetSeconds();
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string caseName = "p3";
    uint64_t connections = 100000;
    uint32_t segmentSize = 1460;
    uint32_t seed = 1;
    CommandLine cmd(__FILE__);
    cmd.AddValue("case", "p1 (one every 20 ms, ns-3's default TIME_WAIT), p3 (one every 20 ms, 1 s TIME_WAIT) or "
                 "p4 (1,000/s, 1 s TIME_WAIT)", caseName);
    cmd.AddValue("connections", "connections to open", connections);
    cmd.AddValue("segment-size", "ns3::TcpSocket::SegmentSize, bytes (ns-3's default is 536; tcpsim's MSS 1460)",
                 segmentSize);
    cmd.AddValue("seed", "ns-3 RNG seed (the loss draws)", seed);
    cmd.Parse(argc, argv);

    const Case* c = nullptr;
    for (const Case& k : kCases)
    {
        c = caseName == k.name ? &k : c;
    }
    if (c == nullptr)
    {
        std::fprintf(stderr, "tcp-cases: --case must be p1, p3 or p4, got '%s'\n", caseName.c_str());
        return 2;
    }
    if (connections < 1)
    {
        std::fprintf(stderr, "tcp-cases: --connections must be at least 1, got %" PRIu64 "\n", connections);
        return 2;
    }
    if (segmentSize < kRequestBytes)
    {
        std::fprintf(stderr, "tcp-cases: warning: --segment-size %u is below the %u B request, which then goes as "
                     "several segments\n", segmentSize, kRequestBytes);
    }

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(1);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(segmentSize));
    if (!c->defaultTimeWait)
    {
        Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(c->timeWaitS / 2)); // TIME_WAIT = 2 MSL
    }

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("25ms"));
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("10000p"));
    NetDeviceContainer devices = p2p.Install(nodes);

    Wire wire;
    for (uint32_t d = 0; d < devices.GetN(); d++)
    {
        Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
        loss->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        loss->SetRate(0.01);
        loss->AssignStreams(d); // each direction its own stream, whatever the creation order
        devices.Get(d)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
        devices.Get(d)->TraceConnectWithoutContext("PhyTxBegin", MakeCallback(&Wire::Sent, &wire));
        devices.Get(d)->TraceConnectWithoutContext("PhyRxDrop", MakeCallback(&Wire::Dropped, &wire));
    }

    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    // Assign() puts the default queue disc (FqCoDel) in front of each device; tcpsim's link is one drop-tail
    // queue, so the device's own 10,000-packet queue is the only one
    TrafficControlHelper().Uninstall(devices);

    Cases cases(nodes.Get(0), nodes.Get(1), interfaces.GetAddress(1), connections, c->ratePerSecond);
    cases.Listen();
    cases.Start();
    // a bound, never reached by a run that ends well: the arrivals, two TIME_WAITs and an hour to drain
    double arrivalsS = static_cast<double>(connections) / c->ratePerSecond;
    Simulator::Stop(Seconds(arrivalsS + 2 * 240 + 3600));

    Ptr<Socket> l = cases.Listener();
    Ptr<TcpL4Protocol> tcp = nodes.Get(1)->GetObject<TcpL4Protocol>();
    std::printf("case %s\n", c->name);
    // Version::ShortVersion() names a git tag, which Debian's build from a source tarball does not have
    std::printf("ns3_version %u.%u.%u\n", Version::Major(), Version::Minor(), Version::Patch());
    std::printf("ns3_build_profile %s\n", Version::BuildProfile().c_str());
    std::printf("socket_type %s\n", AttributeText(tcp, "SocketType").c_str());
    std::printf("recovery_type %s\n", AttributeText(tcp, "RecoveryType").c_str());
    DoubleValue msl;
    l->GetAttribute("MaxSegLifetime", msl);
    std::printf("time_wait_s %g\n", 2 * msl.Get());
    std::printf("segment_size %s\n", AttributeText(l, "SegmentSize").c_str());
    std::printf("initial_cwnd %s\n", AttributeText(l, "InitialCwnd").c_str());
    std::printf("syn_timeout_s %g\n", AttributeSeconds(l, "ConnTimeout"));
    std::printf("syn_retries %s\n", AttributeText(l, "ConnCount").c_str());
    std::printf("min_rto_s %g\n", AttributeSeconds(l, "MinRto"));
    std::printf("delayed_ack_s %g\n", AttributeSeconds(l, "DelAckTimeout"));
    std::printf("delayed_ack_count %s\n", AttributeText(l, "DelAckCount").c_str());
    std::printf("sack %s\n", AttributeText(l, "Sack").c_str());
    std::printf("timestamps %s\n", AttributeText(l, "Timestamp").c_str());
    std::printf("window_scaling %s\n", AttributeText(l, "WindowScaling").c_str());
    std::fflush(stdout);

    // ns-3 runs on this one thread: the process's CPU time over Run() is the simulation's, and steadier than wall
    // time on a shared machine
    timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    double wall = std::chrono::duration<double>(t1 - t0).count();
    double cpu = (c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    const Tally& t = cases.Counts();
    std::printf("connections %" PRIu64 "\n", connections);
    std::printf("completed %" PRIu64 "\n", t.completed);
    std::printf("client_failed %" PRIu64 "\n", t.clientFailed);
    std::printf("accepted %" PRIu64 "\n", t.accepted);
    std::printf("server_closed %" PRIu64 "\n", t.serverClosed);
    std::printf("server_failed %" PRIu64 "\n", t.serverFailed);
    std::printf("request_bytes %" PRIu64 "\n", t.requestBytes);
    std::printf("setup_mean_s %.9f\n", t.established ? t.setupSum / t.established : 0.0);
    std::printf("setup_max_s %.9f\n", t.setupMax);
    std::printf("setup_retried %" PRIu64 "\n", t.setupRetried);
    std::printf("time_wait_peak %" PRIu64 "\n", t.timeWaitPeak);
    std::printf("packets_sent %" PRIu64 "\n", wire.sent);
    std::printf("packets_dropped %" PRIu64 "\n", wire.dropped);
    std::printf("events %" PRIu64 "\n", Simulator::GetEventCount());
    std::printf("simulated_s %.9f\n", Simulator::Now().GetSeconds());
    std::printf("wall_simulate_s %.3f\n", wall);
    std::printf("connections_per_s_wall %.1f\n", t.completed / wall);
    std::printf("cpu_simulate_s %.3f\n", cpu);
    std::printf("max_rss_kb %ld\n", ru.ru_maxrss);
    std::fflush(stdout);
    Simulator::Destroy();
    return t.completed == connections ? 0 : 1;
}
