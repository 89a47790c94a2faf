using IdpFederation.Core.Provisioning;
using Microsoft.Kiota.Abstractions;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>One user's operations in order, and where the executor is in them.</summary>
internal sealed class UserChain(List<PlanOperation> operations)
{
    private int _operation;
    private int _request;
    private int _requestCount;
    private string? _cloudId = operations[0].CloudId;

    public bool Finished => _operation >= operations.Count;

    public ChainStep NextStep(GraphTenantClient graph)
    {
        var (operation, index, cloudId) = (operations[_operation], _request, _cloudId);
        _requestCount = GraphWriteRequests.For(graph, operation, cloudId).Count;
        // Built afresh for every attempt: a request's body stream is spent once a batch has been serialized.
        return new ChainStep(this, () => GraphWriteRequests.For(graph, operation, cloudId)[index]);
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

        if (++_request < _requestCount)
        {
            return null;
        }

        _operation++;
        _request = 0;
        return new OperationResult(operation, true, _cloudId, null, null, false);
    }
}

internal sealed class ChainStep(UserChain chain, Func<RequestInformation> build)
{
    public UserChain Chain => chain;

    public RequestInformation BuildRequest() => build();
    public bool Answered { get; private set; }
    public bool Succeeded { get; private set; }
    public bool Transient { get; private set; }
    public string? CreatedId { get; private set; }
    public string? ErrorCode { get; private set; }
    public string? ErrorMessage { get; private set; }

    public void Succeed(string? createdId) => (Answered, Succeeded, CreatedId) = (true, true, createdId);

    public void Fail(string code, string message, bool transient) => (Answered, Succeeded, ErrorCode, ErrorMessage, Transient) = (true, false, code, message, transient);
}
