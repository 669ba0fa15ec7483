import { IsInt, IsString, MaxLength, MetadataStorage, ValidateIf, validate } from 'class-validator';
import { memoiseValidationMetadata } from '../../src/common/validation-metadata-memo.js';
import { createValidationPipe } from '../../src/common/validation.js';

/** A storage of its own (class-validator's global one is shared by every DTO), fed as decorators would feed it. */
function storageWith(...rules: Array<(storage: MetadataStorage) => void>): MetadataStorage {
  const storage = new MetadataStorage();
  for (const rule of rules) rule(storage);
  return storage;
}

class Base {
  name!: string;
}
class Derived extends Base {
  age!: number;
}

const rule = (target: object, propertyName: string, type: string) => (storage: MetadataStorage) =>
  storage.addValidationMetadata({ type, target, propertyName, constraints: [], validationOptions: {} } as never);

describe('memoised validation metadata (class-validator looks up a class’s rules once per class)', () => {
  it('answers as class-validator does, for a class and for its subclass, every time', () => {
    const plain = storageWith(rule(Base, 'name', 'isString'), rule(Derived, 'age', 'isInt'));
    const memo = storageWith(rule(Base, 'name', 'isString'), rule(Derived, 'age', 'isInt'));
    memoiseValidationMetadata(memo);
    for (let i = 0; i < 3; i++) {
      for (const target of [Base, Derived]) {
        const expected = plain.getTargetValidationMetadatas(target, '', false, false).map((m) => m.propertyName);
        expect(memo.getTargetValidationMetadatas(target, '', false, false).map((m) => m.propertyName)).toEqual(expected);
        expect(Object.keys(memo.groupByPropertyName(memo.getTargetValidationMetadatas(target, '', false, false)))).toEqual(expected);
      }
    }
    expect(memo.getTargetValidationMetadatas(Derived, '', false, false).map((m) => m.propertyName).sort()).toEqual(['age', 'name']);
    // worked out once: the same answer, not a new scan (class-validator's own gives a new array each time)
    expect(memo.getTargetValidationMetadatas(Derived, '', false, false)).toBe(memo.getTargetValidationMetadatas(Derived, '', false, false));
    expect(plain.getTargetValidationMetadatas(Derived, '', false, false)).not.toBe(plain.getTargetValidationMetadatas(Derived, '', false, false));
  });

  it('keeps answers apart per option (groups, always) and forgets them all when a rule is added', () => {
    const memo = storageWith(rule(Base, 'name', 'isString'));
    memoiseValidationMetadata(memo);
    memoiseValidationMetadata(memo); // twice is once
    expect(memo.getTargetValidationMetadatas(Derived, '', false, false)).toHaveLength(1);
    expect(memo.getTargetValidationMetadatas(Derived, '', false, false, ['admin'])).toHaveLength(0);
    // a rule declared later (a class loaded after the first request) is seen by the class and its subclasses
    rule(Base, 'nickname', 'isString')(memo);
    expect(memo.getTargetValidationMetadatas(Derived, '', false, false).map((m) => m.propertyName).sort()).toEqual(['name', 'nickname']);
    expect(Object.keys(memo.groupByPropertyName(memo.getTargetValidationMetadatas(Base, '', false, false))).sort()).toEqual(['name', 'nickname']);
  });

  it('leaves the API’s validation as it was: a DTO validated again and again gives the same field errors', async () => {
    createValidationPipe();
    class Note {
      @IsString() @MaxLength(5) text!: string;
      @ValidateIf((n: Note) => n.count !== undefined) @IsInt() count?: number;
    }
    for (let i = 0; i < 3; i++) {
      const wrong = Object.assign(new Note(), { text: 'te lang', count: 1.5 });
      expect((await validate(wrong)).map((e) => [e.property, Object.keys(e.constraints ?? {})])).toEqual([
        ['text', ['maxLength']],
        ['count', ['isInt']],
      ]);
      expect(await validate(Object.assign(new Note(), { text: 'kort' }))).toEqual([]);
    }
  });
});
