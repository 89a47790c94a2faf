namespace IdpFederation.Core.SignIn;

/// <summary>A refusal the user sees: a stable code, a safe description, and the HTTP status to answer with.</summary>
public sealed record SignInError(string Code, string Description, int StatusCode = 400);

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
