namespace IdpFederation.Server.Hosting;

/// <summary>A listen address is taken by another program; the message is the one line a person needs.</summary>
public sealed class ListenAddressInUseException : IOException
{
    public ListenAddressInUseException(string address, string message, Exception innerException)
        : base(message, innerException) => Address = address;

    public string Address { get; }
}
