using System.Data.Common;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>
/// Inserts audit rows with one prepared command in one transaction. Change tracking costs more CPU per row than
/// the insert itself, and the audit log is written on every sign-in, so this path skips it. Table and column names
/// come from the EF model, so the migrations stay the single source of the schema.
/// </summary>
internal static class AuditBatchInsert
{
    public static async Task ExecuteAsync(IdpDbContext context, IReadOnlyList<AuditEventEntity> rows, CancellationToken cancellationToken)
    {
        var entity = context.Model.FindEntityType(typeof(AuditEventEntity))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = new (string Column, Func<AuditEventEntity, object?> Value)[]
        {
            (Column(entity, nameof(AuditEventEntity.TimestampUtc), table), r => DateTime.SpecifyKind(r.TimestampUtc, DateTimeKind.Utc)),
            (Column(entity, nameof(AuditEventEntity.EventType), table), r => r.EventType),
            (Column(entity, nameof(AuditEventEntity.Username), table), r => r.Username),
            (Column(entity, nameof(AuditEventEntity.NormalizedUsername), table), r => r.NormalizedUsername),
            (Column(entity, nameof(AuditEventEntity.RelyingParty), table), r => r.RelyingParty),
            (Column(entity, nameof(AuditEventEntity.ClientIp), table), r => r.ClientIp),
            (Column(entity, nameof(AuditEventEntity.Outcome), table), r => r.Outcome),
            (Column(entity, nameof(AuditEventEntity.Reason), table), r => r.Reason),
            (Column(entity, nameof(AuditEventEntity.CorrelationId), table), r => r.CorrelationId),
            (Column(entity, nameof(AuditEventEntity.Details), table), r => r.Details),
        };

        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var connection = context.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => "\"" + c.Column + "\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        var parameters = columns.Select((_, i) => AddParameter(command, "@p" + i)).ToArray();

        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Column(IEntityType entity, string property, StoreObjectIdentifier table) =>
        entity.FindProperty(property)!.GetColumnName(table)!;

    private static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
