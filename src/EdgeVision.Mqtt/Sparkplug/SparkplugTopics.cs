namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>
/// The Sparkplug B topic namespace of one edge node: <c>spBv1.0/&lt;group&gt;/&lt;verb&gt;/&lt;node&gt;[/&lt;device&gt;]</c>,
/// and the primary host's <c>spBv1.0/STATE/&lt;host&gt;</c>.
/// </summary>
public sealed class SparkplugTopics
{
    /// <summary>The first topic level of every Sparkplug B message.</summary>
    public const string Namespace = "spBv1.0";

    private readonly string _prefix;

    /// <summary>Builds the topics for an edge node of a group.</summary>
    public SparkplugTopics(string groupId, string edgeNodeId)
    {
        GroupId = groupId;
        EdgeNodeId = edgeNodeId;
        _prefix = $"{Namespace}/{groupId}/";
        NodeBirth = Node("NBIRTH");
        NodeDeath = Node("NDEATH");
        NodeData = Node("NDATA");
        NodeCommand = Node("NCMD");
        DeviceCommandFilter = $"{_prefix}DCMD/{edgeNodeId}/+";
    }

    /// <summary>The group id.</summary>
    public string GroupId { get; }

    /// <summary>The edge node id.</summary>
    public string EdgeNodeId { get; }

    /// <summary>Edge node birth certificate.</summary>
    public string NodeBirth { get; }

    /// <summary>Edge node death certificate (the will).</summary>
    public string NodeDeath { get; }

    /// <summary>Edge node data.</summary>
    public string NodeData { get; }

    /// <summary>Commands to the edge node (subscribed).</summary>
    public string NodeCommand { get; }

    /// <summary>Subscription filter for commands to any device of this node.</summary>
    public string DeviceCommandFilter { get; }

    /// <summary>Device birth certificate.</summary>
    public string DeviceBirth(string device) => Device("DBIRTH", device);

    /// <summary>Device death certificate.</summary>
    public string DeviceDeath(string device) => Device("DDEATH", device);

    /// <summary>Device data.</summary>
    public string DeviceData(string device) => Device("DDATA", device);

    /// <summary>Commands to a device.</summary>
    public string DeviceCommand(string device) => Device("DCMD", device);

    /// <summary>The retained state topic of a host application.</summary>
    public static string State(string hostId) => $"{Namespace}/STATE/{hostId}";

    private string Node(string verb) => $"{_prefix}{verb}/{EdgeNodeId}";

    private string Device(string verb, string device) => $"{_prefix}{verb}/{EdgeNodeId}/{device}";
}
