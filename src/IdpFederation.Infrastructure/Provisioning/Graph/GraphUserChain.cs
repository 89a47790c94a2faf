using IdpFederation.Core.Provisioning;
using Microsoft.Kiota.Abstractions;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>One user's operations in order, and where the executor is in them.</summary>
internal sealed class UserChain(List<PlanOperation> operations)
{
    private int _operation;
    private int _request;
    private IReadOnlyList<RequestInformation>? _requests;
    private string? _cloudId = operations[0].CloudId;

    public bool Finished => _operation >= operations.Count;

    public ChainStep NextStep(GraphTenantClient graph)
    {
        _requests ??= GraphWriteRequests.For(graph, operations[_operation], _cloudId);
        return new ChainStep(this, _requests[_request]);
    }

    /// <summary>Moves past the step just answered; returns the operation's result when the operation has ended.</summary>
    public OperationResult? Advance(ChainStep step)
    {
        var operation = operations[_operation];
        if (!step.Answered)
        {
            step.Fail(GraphErrors.Unavailable, "No answer for this request.", transient: true);
        }

        if (!step.Succeeded)
        {
            // The rest depends on this one (no licence for a user that was not created): stop the chain here.
            _operation = operations.Count;
            return new OperationResult(operation, false, _cloudId, step.ErrorCode, step.ErrorMessage, step.Transient);
        }

        if (operation is CreateUser && step.CreatedId is not null)
        {
            _cloudId = step.CreatedId;
        }

        if (++_request < _requests!.Count)
        {
            return null;
        }

        _operation++;
        _request = 0;
        _requests = null;
        return new OperationResult(operation, true, _cloudId, null, null, false);
    }
}

internal sealed class ChainStep(UserChain chain, RequestInformation request)
{
    public UserChain Chain => chain;
    public RequestInformation Request => request;
    public bool Answered { get; private set; }
    public bool Succeeded { get; private set; }
    public bool Transient { get; private set; }
    public string? CreatedId { get; private set; }
    public string? ErrorCode { get; private set; }
    public string? ErrorMessage { get; private set; }

    public void Succeed(string? createdId) => (Answered, Succeeded, CreatedId) = (true, true, createdId);

    public void Fail(string code, string message, bool transient) => (Answered, Succeeded, ErrorCode, ErrorMessage, Transient) = (true, false, code, message, transient);
}
