using Hl7.Fhir.Model;
using static Stroma.Fhir.Export.FhirValues;
using Codes = Stroma.Fhir.StromaTerminology.Codes;
using Ext = Stroma.Fhir.StromaTerminology.Extensions;

namespace Stroma.Fhir.Export;

/// <summary>The cell product, infusions, drugs and clinical events of the bundle.</summary>
public static partial class CourseBundle
{
    private sealed partial class Builder
    {
        // A bag's resource key: the lot and the bag (bag ids are unique within their lot).
        private static string BagKey(string lotId, string bagId) => lotId + "/" + bagId;

        public void AddProducts()
        {
            var infused = Export.InfusedBags.Values.ToHashSet(StringComparer.Ordinal);
            foreach (var lot in Export.Lots.OrderBy(l => l.Id, StringComparer.Ordinal))
            {
                foreach (var bag in lot.Bags.OrderBy(b => b.Id, StringComparer.Ordinal))
                {
                    var key = BagKey(lot.Id, bag.Id);
                    var product = new BiologicallyDerivedProduct
                    {
                        Identifier = [Identifier("bag", key)],
                        ProductCategory = BiologicallyDerivedProduct.BiologicallyDerivedProductCategory.Cells,
                        Status = infused.Contains(key) ? BiologicallyDerivedProduct.BiologicallyDerivedProductStatus.Unavailable : BiologicallyDerivedProduct.BiologicallyDerivedProductStatus.Available,
                        Quantity = 1,
                    };
                    if (!Export.IsPseudonymised)
                    {
                        // The DIN names a donation in the cell factory's records: it leaves only with the identified export.
                        product.Identifier.Insert(0, new Identifier(StromaTerminology.IsbtDin, bag.Din.Value) { Type = new CodeableConcept { Text = "ISBT 128 DIN" } });
                        product.ProductCode = new CodeableConcept { Coding = [new Coding(StromaTerminology.IsbtProductCode, bag.ProductCode)], Text = bag.ProductCode + " " + bag.Division };
                    }

                    product.Extension.Add(new Extension(Ext.Cells, Ucum(bag.Cells, "{cells}")));
                    product.Extension.Add(new Extension(Ext.Volume, Ucum(bag.VolumeMl, "mL")));
                    Add(product, "bag", key);
                }
            }
        }

        public void AddInfusions()
        {
            var lots = Export.Lots.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var i in Export.Course.Infusions.OrderBy(i => i.At).ThenBy(i => i.Id, StringComparer.Ordinal))
            {
                var medication = new Medication
                {
                    Id = "product",
                    Code = new CodeableConcept { Coding = [LocalCode(Codes.MscProduct, "Mesenchymal stromal cells")], Text = "Mesenchymal stromal cells" },
                    Batch = new Medication.BatchComponent { LotNumber = i.LotId },
                };
                var dosage = new MedicationAdministration.DosageComponent
                {
                    Route = new CodeableConcept { Text = i.Route },
                    Dose = Ucum(i.TotalCells, "{cells}"),
                };
                dosage.Extension.Add(new Extension(Ext.DosePerKilogram, Ucum(i.Dose.CellsPerKilogram, Core.Quantities.CellDose.Ucum)));
                dosage.Extension.Add(new Extension(Ext.WeightAtInfusion, Ucum(i.WeightAtInfusion.Kilograms, "kg")));
                var administration = new MedicationAdministration
                {
                    Identifier = [Identifier("infusion", i.Id)],
                    Status = MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
                    Contained = [medication],
                    Medication = new ResourceReference("#product"),
                    Subject = PatientReference,
                    Effective = DateTime(i.At),
                    Dosage = dosage,
                };
                if (lots.Contains(i.LotId) && Export.InfusedBags.TryGetValue(i.Id, out var bag))
                {
                    administration.SupportingInformation.Add(Reference("bag", bag));
                }

                if (i.Premedication is { } premedication)
                {
                    administration.Note = [new Annotation { Text = "Premedication: " + premedication }];
                }

                Add(administration, "infusion", i.Id);
            }
        }

        public void AddDrugs()
        {
            foreach (var d in Export.Course.Drugs.OrderBy(d => d.Start).ThenBy(d => d.Id, StringComparer.Ordinal))
            {
                var statement = new MedicationStatement
                {
                    Identifier = [Identifier("drug", d.Id)],
                    Status = d.Stop is null ? MedicationStatement.MedicationStatusCodes.Active : MedicationStatement.MedicationStatusCodes.Completed,
                    Medication = new CodeableConcept { Text = d.Name },
                    Subject = PatientReference,
                    Effective = new Period { StartElement = new FhirDateTime(d.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), EndElement = d.Stop is { } stop ? new FhirDateTime(stop.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) : null },
                };
                if (d.Dose is { } dose)
                {
                    // The dose unit is as the clinician wrote it (mg, mg/kg, IU…): kept as text, not claimed as UCUM.
                    statement.Dosage = [new Dosage { DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity { Value = Decimal(dose), Unit = d.DoseUnit } }] }];
                }

                Add(statement, "drug", d.Id);
            }
        }

        public void AddEvents()
        {
            foreach (var e in Export.Course.Events.OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal))
            {
                var kind = e.Kind.ToString().ToLowerInvariant();
                Add(new Observation
                {
                    Identifier = [Identifier("clinical-event", e.Id)],
                    Status = ObservationStatus.Final,
                    Code = new CodeableConcept { Coding = [LocalCode(Codes.EventPrefix + kind)], Text = "Clinical event: " + kind },
                    Subject = PatientReference,
                    Effective = DateTime(e.At),
                    Value = new FhirString(e.Description),
                }, "clinical-event", e.Id);
            }
        }
    }
}
