using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;

namespace IdpFederation.Tests.Geo;

/// <summary>
/// Writes small MaxMind DB files for tests, following the MaxMind DB File Format Specification 2.0
/// (https://maxmind.github.io/MaxMind-DB/): a binary search tree of 24-bit records, 16 zero bytes, the data section,
/// then the metadata marker and map. MaxMind.Db has no writer, and PyPI, Go and Perl writers are not available here;
/// this one is test-only, writes only what the tests need, and is checked by MaxMind.Db's reader in every test that
/// reads its output (and by the differential test against a real published file).
/// </summary>
internal sealed class MmdbTestWriter
{
    private const int RecordBits = 24;
    private readonly Node _root = new();
    private readonly MemoryStream _data = new();
    private readonly Dictionary<string, int> _written = new(StringComparer.Ordinal);

    /// <param name="ipVersion">6: one tree for both families, IPv4 at ::/96 ("IPv4 addresses in an IPv6 tree"); 4: IPv4 only.</param>
    public MmdbTestWriter(int ipVersion = 6, string databaseType = "country ipvAll")
    {
        IpVersion = ipVersion;
        DatabaseType = databaseType;
    }

    public int IpVersion { get; }

    public string DatabaseType { get; }

    /// <summary>ip-location-db's layout (the package README's "MMDB Format").</summary>
    public static Dictionary<string, object> IpLocationDbRecord(string country) => new() { ["country_code"] = country };

    /// <summary>GeoLite2-Country's layout: country and registered_country maps with iso_code and localised names.</summary>
    public static Dictionary<string, object> GeoLite2Record(string country) => new()
    {
        ["continent"] = new Dictionary<string, object> { ["code"] = "OC", ["geoname_id"] = 6255151u, ["names"] = new Dictionary<string, object> { ["en"] = "Oceania" } },
        ["country"] = new Dictionary<string, object>
        {
            ["geoname_id"] = 2077456u,
            ["is_in_european_union"] = false,
            ["iso_code"] = country,
            ["names"] = new Dictionary<string, object> { ["de"] = "Land " + country, ["en"] = "Country " + country },
        },
        ["registered_country"] = new Dictionary<string, object> { ["geoname_id"] = 1814991u, ["iso_code"] = "CN" },
    };

    /// <summary>Every line of ip-location-db CSV files ("start,end,CC"), each with the record <paramref name="record"/> makes.</summary>
    public static MmdbTestWriter FromCsv(IEnumerable<string> csvPaths, Func<string, object> record, int ipVersion = 6, string databaseType = "country ipvAll")
    {
        var writer = new MmdbTestWriter(ipVersion, databaseType);
        foreach (var line in csvPaths.SelectMany(File.ReadLines).Where(l => l.Trim().Length > 0))
        {
            var fields = line.Trim().Split(',');
            var start = IPAddress.Parse(fields[0]);
            if (ipVersion == 4 && start.AddressFamily == AddressFamily.InterNetworkV6)
            {
                continue;
            }

            writer.AddRange(start, IPAddress.Parse(fields[1]), record(fields[2].Trim()));
        }

        return writer;
    }

    /// <summary>An inclusive range, split into the prefixes the tree can hold.</summary>
    public void AddRange(IPAddress start, IPAddress end, object record)
    {
        var bits = start.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var (from, to) = (ToNumber(start), ToNumber(end));
        while (true)
        {
            // The largest block that starts at 'from' (aligned) and does not pass 'to'.
            var size = from == 0 ? bits : Math.Min(bits, (int)UInt128.TrailingZeroCount(from));
            while (size > 0 && (to - from) < ((UInt128.One << size) - 1))
            {
                size--;
            }

            AddPrefix(from, bits - size, bits, record);
            var last = size == 128 ? UInt128.MaxValue : from + ((UInt128.One << size) - 1);
            if (last >= to)
            {
                return;
            }

            from = last + 1;
        }
    }

    public void Write(string path) => File.WriteAllBytes(path, Build());

    public byte[] Build()
    {
        var nodes = new List<Node>();
        var queue = new Queue<Node>([_root]);
        while (queue.TryDequeue(out var node))
        {
            node.Number = nodes.Count;
            nodes.Add(node);
            foreach (var child in new[] { node.Left, node.Right }.OfType<Node>())
            {
                queue.Enqueue(child);
            }
        }

        var output = new MemoryStream();
        foreach (var node in nodes)
        {
            WriteRecord(output, Value(node.Left, nodes.Count));
            WriteRecord(output, Value(node.Right, nodes.Count));
        }

        output.Write(new byte[16]); // data section separator
        _data.WriteTo(output);
        output.Write([0xAB, 0xCD, 0xEF, .. Encoding.ASCII.GetBytes("MaxMind.com")]);
        var metadata = new MemoryStream();
        Encode(metadata, new Dictionary<string, object>
        {
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = 1_750_000_000UL,
            ["database_type"] = DatabaseType,
            ["description"] = new Dictionary<string, object> { ["en"] = "IdpFederation test database" },
            ["ip_version"] = (ushort)IpVersion,
            ["languages"] = new object[] { "en" },
            ["node_count"] = (uint)nodes.Count,
            ["record_size"] = (ushort)RecordBits,
        });
        metadata.WriteTo(output);
        return output.ToArray();
    }

    private void AddPrefix(UInt128 network, int prefixLength, int familyBits, object record)
    {
        // IPv4 in an IPv6 tree sits under 96 zero bits.
        var offset = IpVersion == 6 && familyBits == 32 ? 96 : 0;
        var total = offset + prefixLength;
        var data = new DataRef(DataOffset(record));
        var node = _root;
        for (var i = 0; i < total; i++)
        {
            var bit = i < offset ? 0 : (int)((network >> (familyBits - 1 - (i - offset))) & 1);
            if (i == total - 1)
            {
                SetChild(node, bit, data);
                return;
            }

            var child = bit == 0 ? node.Left : node.Right;
            if (child is not Node next)
            {
                next = child is null ? new Node() : throw new InvalidOperationException("overlapping ranges");
                SetChild(node, bit, next);
            }

            node = next;
        }

        throw new InvalidOperationException("a /0 network is not supported");
    }

    private static void SetChild(Node node, int bit, object child)
    {
        if (bit == 0)
        {
            node.Left = child;
        }
        else
        {
            node.Right = child;
        }
    }

    // Spec, "Search Tree Section": a node number, node_count for "no data", or node_count + 16 + data offset.
    private static uint Value(object? child, int nodeCount) => child switch
    {
        Node node => (uint)node.Number,
        DataRef data => (uint)(nodeCount + 16 + data.Offset),
        _ => (uint)nodeCount,
    };

    private static void WriteRecord(Stream output, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        output.Write(bytes[1..]);
    }

    /// <summary>Each distinct record is written once; the tree points at it.</summary>
    private int DataOffset(object record)
    {
        var bytes = new MemoryStream();
        Encode(bytes, record);
        var key = Convert.ToBase64String(bytes.ToArray());
        if (!_written.TryGetValue(key, out var offset))
        {
            offset = (int)_data.Length;
            bytes.WriteTo(_data);
            _written[key] = offset;
        }

        return offset;
    }

    // Spec, "Data Section Format": a control byte with the type in the top 3 bits (0 = extended, type - 7 in the next
    // byte) and the size in the low 5 bits (29, 30, 31: one, two or three more bytes).
    private static void Encode(Stream output, object value)
    {
        switch (value)
        {
            case string text:
                var utf8 = Encoding.UTF8.GetBytes(text);
                Control(output, 2, utf8.Length);
                output.Write(utf8);
                break;
            case ushort number:
                Unsigned(output, 5, number);
                break;
            case uint number:
                Unsigned(output, 6, number);
                break;
            case ulong number:
                Unsigned(output, 9, number);
                break;
            case bool flag:
                Control(output, 14, flag ? 1 : 0);
                break;
            case Dictionary<string, object> map:
                Control(output, 7, map.Count);
                foreach (var (key, item) in map)
                {
                    Encode(output, key);
                    Encode(output, item);
                }

                break;
            case object[] array:
                Control(output, 11, array.Length);
                foreach (var item in array)
                {
                    Encode(output, item);
                }

                break;
            default:
                throw new NotSupportedException(value.GetType().Name);
        }
    }

    private static void Unsigned(Stream output, int type, ulong number)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, number);
        var significant = bytes[(BitOperations.LeadingZeroCount(number) / 8)..];
        Control(output, type, significant.Length);
        output.Write(significant);
    }

    private static void Control(Stream output, int type, int size)
    {
        var head = (byte)((type <= 7 ? type : 0) << 5);
        Span<byte> extra = stackalloc byte[3];
        int extraLength;
        if (size < 29)
        {
            head |= (byte)size;
            extraLength = 0;
        }
        else if (size < 285)
        {
            head |= 29;
            extra[0] = (byte)(size - 29);
            extraLength = 1;
        }
        else if (size < 65_821)
        {
            head |= 30;
            BinaryPrimitives.WriteUInt16BigEndian(extra, (ushort)(size - 285));
            extraLength = 2;
        }
        else
        {
            head |= 31;
            var rest = size - 65_821;
            extra[0] = (byte)(rest >> 16);
            extra[1] = (byte)(rest >> 8);
            extra[2] = (byte)rest;
            extraLength = 3;
        }

        output.WriteByte(head);
        if (type > 7)
        {
            output.WriteByte((byte)(type - 7));
        }

        output.Write(extra[..extraLength]);
    }

    private static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private sealed class Node
    {
        public object? Left { get; set; }

        public object? Right { get; set; }

        public int Number { get; set; }
    }

    private sealed record DataRef(int Offset);
}
