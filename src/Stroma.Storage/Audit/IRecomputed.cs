namespace Stroma.Storage.Audit;

/// <summary>
/// A row derived from the audited records and recomputed from them whenever they change (a patient's stored assessment): kept out
/// of the trail, because the records it is made from are in it and the row can always be made again (<c>stroma db reassess</c>).
/// </summary>
public interface IRecomputed;
