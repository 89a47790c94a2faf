namespace IdpFederation.Core.Configuration;

public sealed class SigningOptions
{
    /// <summary>Signs tokens and metadata. When unset in Development a self-signed certificate is generated.</summary>
    public CertificateSource? Current { get; set; }

    /// <summary>Published in metadata ahead of a rollover so Entra learns it before we sign with it (spec §7).</summary>
    public CertificateSource? Next { get; set; }

    /// <summary>Managed signing keys in the directory database and their automatic rollover (README "Certificate rollover").</summary>
    public RolloverOptions Rollover { get; set; } = new();
}

/// <summary>A PFX (with optional password) or a PEM certificate with its PEM private key.</summary>
public sealed class CertificateSource
{
    /// <summary>.pfx/.p12 or .pem/.crt path, relative to the config directory.</summary>
    public string Path { get; set; } = "";

    /// <summary>PEM private key path; only for PEM certificates.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Better supplied by environment variable (Idp__Signing__Current__Password) than in a file.</summary>
    public string? Password { get; set; }
}
