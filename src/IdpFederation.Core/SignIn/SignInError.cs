namespace IdpFederation.Core.SignIn;

/// <summary>
/// A refusal the user sees: a stable code, a safe description, the HTTP status to answer with, and for a temporary
/// refusal (429, 503) how long to wait, sent as Retry-After (RFC 9110 §10.2.3).
/// </summary>
public sealed record SignInError(string Code, string Description, int StatusCode = 400, TimeSpan? RetryAfter = null);

/// <summary>Either a value or a <see cref="SignInError"/>; client mistakes are results, not exceptions.</summary>
public sealed record ValidationResult<T>(T? Value, SignInError? Error) where T : class
{
    public bool IsError => Error is not null;
}

public static class ValidationResult
{
    public static ValidationResult<T> Success<T>(T value) where T : class => new(value, null);

    public static ValidationResult<T> Failure<T>(string code, string description, int statusCode = 400) where T : class =>
        new(null, new SignInError(code, description, statusCode));
}
