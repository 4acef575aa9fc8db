#!/usr/bin/env python3
"""Writes the corpus's text inputs (CSV, JSON, command lines) from the baseline files and tests/data: python3 tests/corpus/make_text.py.

Deterministic: running it again rewrites the same bytes. Each file is named what-it-attacks.refuse.EXT (must be refused with
a coded error, nothing written), .accept.EXT (must be accepted, and the registry still assessed and reported) or .either.EXT
(valid input whose answer may be a coded refusal).
"""
import json
import sys

sys.dont_write_bytecode = True  # no __pycache__ among the corpus files

from corpus_io import BOM, base, data, write

# ---------------------------------------------------------------- lab CSV (import labs --patient P-CORPUS)
H = 'sampled_at,analyte,value,unit\n'
T = '2025-07-01T08:00:00+02:00'
labs = {
    'decimal-comma-quoted': H + f'{T},creatinine,"0,9",mg/dL\n',
    'decimal-comma-unquoted-shifts-columns': H + f'{T},creatinine,0,9,mg/dL\n',
    'semicolon-separated-european-export': 'sampled_at;analyte;value;unit\n' + f'{T};creatinine;0,9;mg/dL\n',
    'empty-file': '',
    'header-repeated-no-rows': H + H,
    'truncated-mid-row': H + f'{T},creatinine,0.9,mg/dL\n2025-07-02T08:00:00+02:00,creat',
    'unknown-column-patient_name': 'sampled_at,analyte,value,unit,patient_name\n' + f'{T},creatinine,0.9,mg/dL,Jane Doe\n',
    'unknown-column-mrn': 'sampled_at,analyte,value,unit,mrn\n' + f'{T},creatinine,0.9,mg/dL,12345678\n',
    'unknown-column-dob': 'sampled_at,analyte,value,unit,dob\n' + f'{T},creatinine,0.9,mg/dL,2012-05-04\n',
    'duplicate-header-column-value': 'sampled_at,analyte,value,unit,value\n' + f'{T},creatinine,0.9,mg/dL,1.9\n',
    'time-without-offset': H + '2025-07-01T08:00:00,creatinine,0.9,mg/dL\n',
    'date-0001-01-01': H + '0001-01-01T08:00:00+00:00,creatinine,0.9,mg/dL\n',
    'date-1900-before-birth': H + '1900-01-01T08:00:00+00:00,creatinine,0.9,mg/dL\n',
    'date-2011-before-birth': H + '2011-06-01T08:00:00+02:00,creatinine,0.9,mg/dL\n',
    'date-2099-future': H + '2099-01-01T08:00:00+01:00,creatinine,0.9,mg/dL\n',
    'date-9999-12-31': H + '9999-12-31T23:59:59+00:00,creatinine,0.9,mg/dL\n',
    'date-2025-02-30-impossible': H + '2025-02-30T08:00:00+01:00,creatinine,0.9,mg/dL\n',
    'value-1e400-overflows': H + f'{T},creatinine,1e400,mg/dL\n',
    'value-1e-320-subnormal': H + f'{T},creatinine,1e-320,mg/dL\n',
    'value-nan': H + f'{T},creatinine,NaN,mg/dL\n',
    'value-infinity': H + f'{T},creatinine,Infinity,mg/dL\n',
    'value-negative': H + f'{T},creatinine,-0.9,mg/dL\n',
    'value-hex': H + f'{T},creatinine,0x1,mg/dL\n',
    'value-with-unit-suffix': H + f'{T},creatinine,0.9mg/dL,mg/dL\n',
    'value-creatinine-1000-mg-dl-impossible': H + f'{T},creatinine,1000,mg/dL\n',
    'unit-missing': H + f'{T},creatinine,0.9,\n',
    'unit-unknown-mmol-per-mol': H + f'{T},creatinine,0.9,mmol/mol\n',
    'analyte-unknown': H + f'{T},sodium,140,mmol/L\n',
    'specimen-unknown': 'sampled_at,analyte,value,unit,specimen\n' + f'{T},creatinine,0.9,mg/dL,cerebrospinal_fluid\n',
    'control-characters-in-analyte': H + f'{T},creat\x07\x1b[31minine,0.9,mg/dL\n',
    'nul-bytes': H + f'{T},creatinine,0.9\x00,mg/dL\n',
    'quoted-newline-in-field': H + f'{T},"creati\nnine",0.9,mg/dL\n',
    'unterminated-quote': H + f'{T},"creatinine,0.9,mg/dL\n',
    'too-many-fields': H + f'{T},creatinine,0.9,mg/dL,extra\n',
    'too-few-fields': H + f'{T},creatinine,0.9\n',
    'id-colliding-with-stored-lab-l1': 'sampled_at,analyte,value,unit,id\n' + f'{T},creatinine,0.9,mg/dL,l1\n',
    'duplicate-ids-in-file': 'sampled_at,analyte,value,unit,id\n' + f'{T},creatinine,0.9,mg/dL,x1\n{T},upcr,2,mg/mg,x1\n',
    'duplicate-rows-without-ids': H + f'{T},creatinine,0.9,mg/dL\n{T},creatinine,0.9,mg/dL\n',
}
for name, text in labs.items():
    write(f'labs/{name}.refuse.csv', text)
write('labs/bom-utf8.accept.csv', BOM + (H + f'{T},creatinine,0.9,mg/dL\n').encode())
write('labs/crlf-line-endings.accept.csv', (H + f'2025-07-02T08:00:00+02:00,creatinine,0.85,mg/dL\n').replace('\n', '\r\n'))
write('labs/unit-lowercase-litre-mg-dl.accept.csv', H + '2025-07-03T08:00:00+02:00,creatinine,0.9,mg/dl\n')
write('labs/binary-png-bytes.refuse.csv', b'\x89PNG\r\n\x1a\n' + bytes(range(256)))
write('labs/utf8-invalid-bytes.refuse.csv', H.encode() + f'{T},creatinine,0.9,mg/d'.encode() + b'\xff\xfe\n')

# ---------------------------------------------------------------- course JSON (import course)
course = json.loads(base('course.json'))


def course_variant(patient_id, mutate, own_record_ids=True):
    doc = json.loads(json.dumps(course))
    doc['patient']['id'] = patient_id
    if own_record_ids:  # so that each case is refused for its own attack, not for ids P-CORPUS already uses
        for collection in ('sessions', 'infusions', 'drugs', 'events', 'labs'):
            for record in doc[collection]:
                record['id'] = f"{patient_id}-{record['id']}"
    mutate(doc)
    return json.dumps(doc, indent=1, ensure_ascii=False) + '\n'


def setter(path, value):
    def mutate(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


text = course_variant('P-DUPKEY', lambda d: None)
write('course/duplicate-key-patient-id.refuse.json', text.replace('"id": "P-DUPKEY"', '"id": "P-80", "id": "P-81"', 1))
write('course/enum-as-number-string-event-kind.refuse.json', course_variant('P-ENUM1', lambda d: d['events'][0].update(kind='0')))
write('course/enum-as-number-donor-type.refuse.json', course_variant('P-ENUM2', lambda d: d['patient']['transplants'][0].update(donorType=0)))
write('course/labs-null-element.refuse.json', course_variant('P-NULL', setter(['labs'], [None])))
write('course/sessions-null-element.refuse.json', course_variant('P-NULL2', setter(['sessions'], [None, None])))
write('course/lab-value-1e400.refuse.json', course_variant('P-INF', lambda d: None).replace('"value": 700', '"value": 1e400', 1))
write('course/lab-value-nan-string.refuse.json', course_variant('P-NAN', lambda d: None).replace('"value": 700', '"value": "NaN"', 1))
write('course/lab-value-1e-320-subnormal.refuse.json', course_variant('P-TINY', lambda d: None).replace('"value": 0.9', '"value": 1e-320', 1))
write('course/birth-date-0001-01-01.refuse.json', course_variant('P-0001', setter(['patient', 'birthDate'], '0001-01-01')))
write('course/birth-date-2099-future.refuse.json', course_variant('P-2099', setter(['patient', 'birthDate'], '2099-01-01')))
write('course/lab-1900-before-birth.refuse.json', course_variant('P-1900', lambda d: d['labs'][0].update(sampledAt='1900-01-01T08:00:00+00:00')))
write('course/lab-9999-12-31.refuse.json', course_variant('P-9999', lambda d: d['labs'][0].update(sampledAt='9999-12-31T23:59:59+00:00')))
write('course/transplant-before-birth.refuse.json', course_variant('P-TXB', lambda d: d['patient']['transplants'][0].update(date='2001-01-01')))
write('course/time-without-offset.refuse.json', course_variant('P-TZ', lambda d: d['sessions'][0].update(at='2025-02-01T10:00:00')))
write('course/patient-id-colliding-with-stored.refuse.json', course_variant('P-CORPUS', lambda d: None))
write('course/duplicate-session-ids.refuse.json', course_variant('P-DUPS', lambda d: d['sessions'][1].update(id=d['sessions'][0]['id'])))
write('course/unknown-property-patient_name.refuse.json', course_variant('P-UNK', lambda d: d['patient'].update(patient_name='Jane Doe')))
write('course/weight-negative.refuse.json', course_variant('P-WNEG', lambda d: d['infusions'][0]['weight'].update(value=-40)))
write('course/cells-per-kg-and-total-cells.refuse.json', course_variant('P-BOTH', lambda d: d['infusions'][0].update(totalCells=6e7)))
write('course/sex-lowercase-word.refuse.json', course_variant('P-SEX', setter(['patient', 'sex'], 'female\u0007')))
write('course/raw-control-character-in-string.refuse.json', course_variant('P-RAW', lambda d: None).replace('Pre-treatment biopsy', 'Pre-treatment\x01biopsy'))
write('course/trailing-comma.refuse.json', course_variant('P-COMMA', lambda d: None).rstrip().rstrip('}') + ',}\n')
write('course/comment.refuse.json', '// a comment\n' + course_variant('P-COMMENT', lambda d: None))
write('course/top-level-array.refuse.json', '[]\n')
write('course/top-level-null.refuse.json', 'null\n')
write('course/empty-file.refuse.json', '')
write('course/whitespace-only.refuse.json', ' \n\t\n')
write('course/truncated.refuse.json', course_variant('P-TRUNC', lambda d: None)[:300])
write('course/utf8-invalid-bytes.refuse.json', course_variant('P-UTF', lambda d: None).encode().replace(b'tacrolimus', b'tacro\xff\xfelimus'))
write('course/nesting-1000-deep-in-identity.refuse.json', course_variant('P-DEEP', lambda d: None).replace('"identity": {', '"identity": ' + '[' * 1000 + ']' * 1000 + ', "x": {', 1))
write('course/bom-utf8.accept.json', BOM + course_variant('P-BOM', lambda d: None).encode())
# The README's own course example for a second patient: record ids are the patient's own, so they may repeat another's.
write('course/record-ids-same-as-another-patient.accept.json', course_variant('P-SECOND', lambda d: None, own_record_ids=False))

# ---------------------------------------------------------------- lot JSON (import lot)
lot = json.loads(base('lot.json'))


def lot_variant(lot_id, seq, mutate, keep_custody_ids=False):
    doc = json.loads(json.dumps(lot).replace('LOT-CORPUS', lot_id))
    doc['lot']['bags'][0]['din'] = f'A9999250{seq:05d}'
    for event in doc['custody']:  # each lot its own custody ids, but for the case that reuses another lot's
        event['id'] = f"{lot_id}-{event['id']}" if keep_custody_ids is False else event['id']
    mutate(doc)
    return json.dumps(doc, indent=1, ensure_ascii=False) + '\n'


def result(doc, code, **values):
    for r in doc['results']:
        if r['code'] == code:
            r.pop('value', None)
            r.pop('text', None)
            r.update(values)


def self_release(doc):
    doc['specification'] = {'id': 'bm-msc-isct', 'version': '1', 'product': 'BM-MSC', 'tests': []}
    result(doc, 'sterility', text='growth: S. aureus')
    result(doc, 'endotoxin', value=500, unit='[EU]/mL')


write('lot/specification-reusing-built-in-id-with-no-tests-releases-itself.refuse.json', lot_variant('LOT-H-SELF', 17101, self_release))
write('lot/own-specification-with-no-tests.refuse.json', lot_variant('LOT-H-EMPTY', 17102, setter(['specification'], {'id': 'centre-x', 'version': '1', 'product': 'BM-MSC', 'tests': []})))
write('lot/own-specification-without-sterility-or-endotoxin.refuse.json', lot_variant('LOT-H-NOSTER', 17103, setter(['specification'], {
    'id': 'centre-y', 'version': '1', 'product': 'BM-MSC',
    'tests': [{'code': 'viability', 'name': 'Viability', 'method': 'flow', 'comparator': 'atLeast', 'lower': 70, 'unit': '%', 'mandatory': True}]})))


def two_bags(same_id, same_din):
    def mutate(doc):
        bag = dict(doc['lot']['bags'][0])
        bag['id'] = bag['id'] if same_id else bag['id'] + '-2'
        bag['din'] = bag['din'] if same_din else 'A999925017199'
        doc['lot']['bags'].append(bag)
    return mutate


write('lot/duplicate-bag-ids.refuse.json', lot_variant('LOT-H-DUPBAG', 17104, two_bags(True, False)))
write('lot/duplicate-dins-in-file.refuse.json', lot_variant('LOT-H-DUPDIN', 17105, two_bags(False, True)))
write('lot/duplicate-custody-ids.refuse.json', lot_variant('LOT-H-DUPCOC', 17106, lambda d: d['custody'][1].update(id=d['custody'][0]['id'])))
write('lot/din-of-a-stored-bag.refuse.json', lot_variant('LOT-H-DIN', 17107, lambda d: d['lot']['bags'][0].update(din='A999925017001')))
write('lot/lot-id-colliding-with-stored-lot.refuse.json', lot_variant('LOT-CORPUS', 17108, lambda d: d['lot'].update(site='Another factory')))
write('lot/passage-negative-3.refuse.json', lot_variant('LOT-H-PASS', 17109, lambda d: d['lot'].update(passage=-3)))
write('lot/expires-before-manufactured.refuse.json', lot_variant('LOT-H-EXP', 17110, lambda d: d['lot'].update(expiresAt='2024-01-10T12:00:00+01:00')))
write('lot/custody-temperature-1000-c.refuse.json', lot_variant('LOT-H-TEMP', 17111, lambda d: d['custody'][0].update(temperatureC=1000)))
write('lot/results-null-element.refuse.json', lot_variant('LOT-H-NULL', 17112, lambda d: d['results'].append(None)))
write('lot/viability-1e400.refuse.json', lot_variant('LOT-H-INF', 17113, lambda d: None).replace('"value": 90', '"value": 1e400', 1))
write('lot/viability-decimal-comma-string.refuse.json', lot_variant('LOT-H-COMMA', 17114, lambda d: result(d, 'viability', value='90,5', unit='%')))
write('lot/donor-kind-enum-as-number.refuse.json', lot_variant('LOT-H-ENUM', 17115, lambda d: d['lot']['donor'].update(kind='0')))
write('lot/duplicate-key-lot-id.refuse.json', lot_variant('LOT-H-DUPKEY', 17116, lambda d: None).replace('"id": "LOT-H-DUPKEY"', '"id": "LOT-H-A", "id": "LOT-H-B"', 1))
write('lot/bag-cells-negative.refuse.json', lot_variant('LOT-H-CELLS', 17117, lambda d: d['lot']['bags'][0].update(cells=-75000000)))
write('lot/bag-volume-zero.refuse.json', lot_variant('LOT-H-VOL', 17118, lambda d: d['lot']['bags'][0].update(volumeMl=0)))
write('lot/empty-file.refuse.json', '')
write('lot/truncated.refuse.json', lot_variant('LOT-H-TRUNC', 17119, lambda d: None)[:500])
write('lot/bom-utf8.accept.json', BOM + lot_variant('LOT-H-BOM', 17120, lambda d: None).encode())
write('lot/custody-ids-same-as-another-lot.accept.json', lot_variant('LOT-H-COC', 17121, lambda d: None, keep_custody_ids=True))

# ---------------------------------------------------------------- safety JSON (import safety --patient P-CORPUS)
safety = json.loads(base('safety.json'))


def safety_variant(suffix, mutate):
    doc = json.loads(json.dumps(safety).replace('"ae-1"', f'"ae-{suffix}"').replace('"bx-1"', f'"bx-{suffix}"'))
    mutate(doc)
    return json.dumps(doc, indent=1, ensure_ascii=False) + '\n'


def vitals(**values):
    return lambda d: d['vitals'][0].update(values)


def ae(**values):
    return lambda d: d['adverseEvents'][0].update(values)


def biopsy(**values):
    return lambda d: d['biopsies'][0].update(values)


write('safety/vitals-temperature-1000-c.refuse.json', safety_variant('t1000', vitals(temperatureC=1000)))
write('safety/vitals-heart-rate-minus-5.refuse.json', safety_variant('hr', vitals(heartRate=-5)))
write('safety/vitals-spo2-150-percent.refuse.json', safety_variant('spo2', vitals(spO2Percent=150)))
write('safety/vitals-for-unknown-infusion.refuse.json', safety_variant('inf', vitals(infusionId='msc-404')))
write('safety/vitals-phase-enum-as-number.refuse.json', safety_variant('phase', vitals(phase='0')))
write('safety/ae-grade-0.refuse.json', safety_variant('g0', ae(grade=0)))
write('safety/ae-grade-as-string.refuse.json', safety_variant('gs', ae(grade='3')))
write('safety/ae-id-colliding-with-stored-ae-1.refuse.json', safety_variant('1', ae(grade=2, verbatim='fever 39')))
write('safety/ae-onset-1900-before-birth.refuse.json', safety_variant('1900', ae(onset='1900-01-01T00:00:00+00:00', resolved=None)))
write('safety/ae-onset-9999-12-31.refuse.json', safety_variant('9999', ae(onset='9999-12-31T23:59:59+00:00', resolved=None)))
write('safety/ae-resolved-before-onset.refuse.json', safety_variant('res', ae(resolved='2025-04-01T08:00:00+02:00')))
write('safety/ae-relatedness-enum-as-number.refuse.json', safety_variant('rel', ae(relatedness='0')))
write('safety/adverse-events-null-element.refuse.json', safety_variant('null', setter(['adverseEvents'], [None])))
write('safety/biopsy-glomeruli-negative.refuse.json', safety_variant('gneg', biopsy(glomeruli=-14)))
write('safety/biopsy-more-sclerosed-than-glomeruli.refuse.json', safety_variant('gscl', biopsy(globallySclerosed=20)))
write('safety/biopsy-effacement-150-percent.refuse.json', safety_variant('eff', biopsy(footProcessEffacementPercent=150)))
write('safety/duplicate-key-grade.refuse.json', safety_variant('dupkey', lambda d: None).replace('"grade": 1', '"grade": 1, "grade": 5', 1))
write('safety/empty-file.refuse.json', '')
write('safety/truncated.refuse.json', safety_variant('trunc', lambda d: None)[:200])
write('safety/bom-utf8.accept.json', BOM + safety_variant('bom', lambda d: None).encode())
write('safety/serious-grade-3-with-hospitalisation.accept.json', safety_variant('sae', lambda d: (
    d['adverseEvents'][0].update(term='Infusion related reaction', verbatim='rigors and hypotension', grade=3, seriousness=['hospitalisation'],
                                 onset='2025-03-03T11:00:00+01:00', resolved='2025-03-05T08:00:00+01:00', infusionId='msc-1'),
    d['vitals'][0].update(phase='after', at='2025-03-03T10:40:00+01:00', temperatureC=39.4, heartRate=131, systolicMmHg=82))))

# ---------------------------------------------------------------- protocol JSON (assess --patient P-CORPUS --protocol)
P = {'id': 'centre_2026', 'target': {'upcrBelowMgPerMg': 3.5, 'inclusive': False}, 'plasmapheresisFreeDays': 14}


def protocol(mutate):
    doc = json.loads(json.dumps(P))
    mutate(doc)
    return json.dumps(doc) + '\n'


write('protocol/target-negative.refuse.json', protocol(lambda d: d['target'].update(upcrBelowMgPerMg=-1)))
write('protocol/target-zero.refuse.json', protocol(lambda d: d['target'].update(upcrBelowMgPerMg=0)))
write('protocol/target-1e400.refuse.json', protocol(lambda d: None).replace('3.5', '1e400'))
write('protocol/target-nan-string.refuse.json', protocol(lambda d: None).replace('3.5', '"NaN"'))
write('protocol/target-decimal-comma-string.refuse.json', protocol(lambda d: None).replace('3.5', '"3,5"'))
write('protocol/plasmapheresis-free-days-negative.refuse.json', protocol(lambda d: d.update(plasmapheresisFreeDays=-7)))
write('protocol/plasmapheresis-free-days-fractional.refuse.json', protocol(lambda d: d.update(plasmapheresisFreeDays=1.5)))
write('protocol/one-year-day-over-int32.refuse.json', protocol(lambda d: d.update(oneYearDay=99999999999)))
write('protocol/unknown-property-typo.refuse.json', protocol(lambda d: d.update(plasmapheresisFreeDay=14)))
write('protocol/duplicate-key-target.refuse.json', protocol(lambda d: None).replace('"target":', '"target": {"upcrBelowMgPerMg": 99}, "target":', 1))
write('protocol/id-missing.refuse.json', protocol(lambda d: d.pop('id')))
write('protocol/target-null.refuse.json', protocol(lambda d: d.update(target=None)))
write('protocol/empty-file.refuse.json', '')
write('protocol/truncated.refuse.json', protocol(lambda d: None)[:40])
write('protocol/bom-utf8.accept.json', BOM + protocol(lambda d: None).encode())

# ---------------------------------------------------------------- biomarker series CSV (biomarkers --cva 10 --patient P-CORPUS)
series = base('series.csv')
SH = 'analyte,day,value,unit\n'
write('biomarkers/decimal-comma.refuse.csv', series.replace('IL-6,30,5,', 'IL-6,30,"5,5",'))
write('biomarkers/value-negative.refuse.csv', series.replace('IL-6,30,5,', 'IL-6,30,-5,'))
write('biomarkers/value-nan.refuse.csv', series.replace('IL-6,30,5,', 'IL-6,30,NaN,'))
write('biomarkers/value-1e400.refuse.csv', series.replace('IL-6,30,5,', 'IL-6,30,1e400,'))
write('biomarkers/unit-changes-within-analyte.refuse.csv', series.replace('IL-6,90,4,pg/mL', 'IL-6,90,0.004,ng/mL'))
write('biomarkers/day-fractional.refuse.csv', series.replace('IL-6,30,', 'IL-6,30.5,'))
write('biomarkers/day-over-int32.refuse.csv', series.replace('IL-6,365,', 'IL-6,99999999999,'))
write('biomarkers/unit-unknown.refuse.csv', series.replace('pg/mL', 'pg/furlong'))
write('biomarkers/cohort-file-with-patient-option.refuse.csv', 'patient,analyte,day,value,unit\nA,IL-6,-7,10,pg/mL\nA,IL-6,30,5,pg/mL\n')
write('biomarkers/empty-file.refuse.csv', '')
write('biomarkers/header-only.refuse.csv', SH)
write('biomarkers/control-characters-in-analyte.refuse.csv', series.replace('IL-6,30,', 'IL-\x1b[2J6,30,'))
write('biomarkers/bom-utf8.accept.csv', BOM + series.encode())

# ---------------------------------------------------------------- cohort CSV (biomarkers FILE --json)
rows = ['patient,analyte,day,value,unit']
for p in 'ABCDEF':
    for day in (-14, -7, 30, 90, 180, 365):
        rows.append(f'{p},IL-6,{day},10,pg/mL')
write('cohort/all-values-equal.either.csv', '\n'.join(rows) + '\n')
write('cohort/decimal-comma.refuse.csv', '\n'.join(rows).replace(',10,', ',"10,5",', 1) + '\n')
write('cohort/value-1e400.refuse.csv', '\n'.join(rows).replace(',10,', ',1e400,', 1) + '\n')
write('cohort/one-patient-one-row.either.csv', 'patient,analyte,day,value,unit\nA,IL-6,-7,10,pg/mL\n')

# ---------------------------------------------------------------- CVi table CSV (biomarkers series.csv --cvi-table FILE)
CH = 'analyte,cvi_percent,source\n'
write('cvi/decimal-comma.refuse.csv', CH + 'IL-6,"25,5",centre study\n')
write('cvi/negative.refuse.csv', CH + 'IL-6,-25,centre study\n')
write('cvi/nan.refuse.csv', CH + 'IL-6,NaN,centre study\n')
write('cvi/1e400.refuse.csv', CH + 'IL-6,1e400,centre study\n')
write('cvi/duplicate-analyte.refuse.csv', CH + 'IL-6,25,centre study\nIL-6,40,other study\n')
write('cvi/empty-file.refuse.csv', '')
write('cvi/bom-utf8.accept.csv', BOM + (CH + 'IL-6,25.5,centre study\n').encode())

# ---------------------------------------------------------------- curve standards CSV (curve fit --model 4pl --patient P-CORPUS)
std = [3.9, 7.8, 15.6, 31.3, 62.5, 125, 250, 500, 1000]
resp = [2.5 + (0.05 - 2.5) / (1 + (x / 100) ** 1.2) for x in std]
good = 'concentration,response\n' + ''.join(f'{x},{y:.4f}\n{x},{y * 1.02:.4f}\n' for x, y in zip(std, resp))
write('curve/decimal-comma.refuse.csv', good.replace('62.5,', '"62,5",'))
write('curve/all-responses-equal.refuse.csv', 'concentration,response\n' + ''.join(f'{x},1.0\n' for x in std))
write('curve/concentration-negative.refuse.csv', good.replace('3.9,', '-3.9,'))
write('curve/response-nan.refuse.csv', good.replace('1000,', '1000,NaN\n1000,', 1))
write('curve/response-1e400.refuse.csv', good.replace('500,', '500,1e400\n500,', 1))
write('curve/single-row.refuse.csv', 'concentration,response\n100,1.2\n')
write('curve/header-only.refuse.csv', 'concentration,response\n')
write('curve/text-in-number.refuse.csv', good.replace('250,', 'two hundred fifty,', 1))
write('curve/concentrations-all-zero.refuse.csv', 'concentration,response\n' + ''.join(f'0,{y:.4f}\n' for y in resp))
write('curve/empty-file.refuse.csv', '')
write('curve/bom-utf8.accept.csv', BOM + good.encode())

# ---------------------------------------------------------------- array layout CSV (array quantify ARY022B image --layout FILE)
ary = data('proteome/layouts/ARY022B.csv').decode('utf-8-sig')
lines = ary.splitlines()
LH = lines[0] + '\n'
write('layout/empty-file.refuse.csv', '')
write('layout/header-only.refuse.csv', LH)
write('layout/no-reference-spots.refuse.csv', LH + ''.join(l + '\n' for l in lines[1:] if ',reference,' not in l))
write('layout/duplicate-spot-position.refuse.csv', ary + lines[-1].replace(lines[-1].split(',')[1], 'Duplicate', 1) + '\n')
write('layout/column-zero.refuse.csv', LH + ''.join(l + '\n' for l in lines[1:-1]) + ','.join(lines[-1].split(',')[:3] + ['0'] + lines[-1].split(',')[4:]) + '\n')
write('layout/column-1000000.refuse.csv', LH + ''.join(l + '\n' for l in lines[1:-1]) + ','.join(lines[-1].split(',')[:3] + ['1000000'] + lines[-1].split(',')[4:]) + '\n')
write('layout/column-decimal-comma.refuse.csv', LH + ''.join(l + '\n' for l in lines[1:-1]) + ','.join(lines[-1].split(',')[:3] + ['"1,5"'] + lines[-1].split(',')[4:]) + '\n')
write('layout/row-zz-beyond-z.refuse.csv', LH + ''.join(l + '\n' for l in lines[1:-1]) + ','.join(lines[-1].split(',')[:2] + ['ZZ'] + lines[-1].split(',')[3:]) + '\n')
write('layout/spot-role-unknown.refuse.csv', ary.replace(',analyte,', ',calibrator,', 1))
write('layout/truncated.refuse.csv', ary[:2000])
# Accepted: a layout that states its printed blocks (R&D membranes are printed in blocks), behind a byte-order mark, on the ARY017 image.
write('layout/bom-utf8.accept.csv', BOM + data('proteome/layouts/ARY017_blocks.csv').decode('utf-8-sig').encode())


# ---------------------------------------------------------------- command lines (one argument per line; {db} {data} {tmp} {corpus})


def args(name, *argv):
    write(f'args/{name}.args', '\n'.join(argv) + '\n')


EGFR = ['egfr', '--equation', 'ckd_epi_cr_2021', '--sex', 'F', '--age', '40', '--creatinine-unit', 'mg/dL', '--creatinine']
args('egfr-creatinine-decimal-comma.refuse', *EGFR, '1,2')
args('egfr-creatinine-1e400.refuse', *EGFR, '1e400')
args('egfr-creatinine-nan.refuse', *EGFR, 'NaN')
args('egfr-creatinine-1e-320.refuse', *EGFR, '1e-320')
args('egfr-age-decimal-comma.refuse', 'egfr', '--equation', 'ckd_epi_cr_2021', '--sex', 'F', '--age', '40,5', '--creatinine', '1.2', '--creatinine-unit', 'mg/dL')
args('upcr-value-decimal-comma.refuse', 'upcr', '--value', '0,5', '--unit', 'mg/mg')
args('upcr-value-infinity.refuse', 'upcr', '--value', 'Infinity', '--unit', 'mg/mg')
args('rcv-cva-nan.refuse', 'rcv', '--cva', 'NaN', '--cvi', '20')
args('report-out-onto-the-database.refuse', 'report', '--patient', 'P-CORPUS', '--out', '{db}', '--db', '{db}')
args('assess-unknown-patient.refuse', 'assess', '--patient', 'P-NOBODY', '--db', '{db}')
args('lot-release-unknown-lot.refuse', 'lot', 'release', 'LOT-NOBODY', '--db', '{db}')
args('import-labs-missing-file.refuse', 'import', 'labs', '{tmp}/no-such-file.csv', '--patient', 'P-CORPUS', '--db', '{db}')
args('import-labs-unknown-patient.refuse', 'import', 'labs', '{corpus}/labs/bom-utf8.accept.csv', '--patient', 'P-NOBODY', '--db', '{db}')
args('infusion-record-weight-negative.refuse', 'infusion', 'record', '--patient', 'P-CORPUS', '--bag', 'LOT-CORPUS-B1', '--at', '2025-03-10T10:00:00+01:00',
     '--cells-per-kg', '1.5e6', '--weight-kg', '-40', '--by', 'nurse')
args('infusion-record-cells-decimal-comma.refuse', 'infusion', 'record', '--patient', 'P-CORPUS', '--bag', 'LOT-CORPUS-B1', '--at', '2025-03-10T10:00:00+01:00',
     '--cells-per-kg', '1,5e6', '--weight-kg', '40', '--by', 'nurse')
args('infusion-record-time-9999-12-31.refuse', 'infusion', 'record', '--patient', 'P-CORPUS', '--bag', 'LOT-CORPUS-B1', '--at', '9999-12-31T23:59:59+00:00',
     '--cells-per-kg', '1.5e6', '--weight-kg', '40', '--by', 'nurse')
args('custody-add-temperature-1000-c.refuse', 'custody', 'add', '--bag', 'LOT-CORPUS-B1', '--kind', 'thawed', '--from', 'nurse', '--to', 'nurse',
     '--at', '2025-02-01T09:00:00+01:00', '--location', 'ward', '--temperature-c', '1000')
args('custody-add-unknown-bag.refuse', 'custody', 'add', '--bag', 'NO-BAG', '--kind', 'thawed', '--from', 'nurse', '--to', 'nurse',
     '--at', '2025-02-01T09:00:00+01:00', '--location', 'ward')
args('isbt-check-control-characters.refuse', 'isbt', 'check', 'A9999\x1b[31m25017001')
