import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsDateOnly, IsNotBlank, IsOptional, IsUniqueBy, IsUuid } from '../../common/validators.js';
import { ACTION_OWNER_TYPES, ACTION_STATUSES, GOAL_STATUSES, type ActionOwnerType, type ActionStatus, type GoalStatus } from '../plan-values.js';

export class NetworkMemberInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Existing network member to keep/update; omit to add a new one.' })
  @IsOptional()
  @IsUuid()
  id?: string;

  @ApiProperty({ maxLength: 200, example: 'Oma Joke' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ maxLength: 100, example: 'grandmother' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  relation: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Picks the children up from school on Wednesdays.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  support?: string;
}

export class CommunityResourceInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Existing entry to keep/update; omit to add.' })
  @IsOptional()
  @IsUuid()
  id?: string;

  @ApiProperty({ maxLength: 200, example: 'Buurthuis De Boog — budgetcursus' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'budget course' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class CreatePlanDto {
  @ApiPropertyOptional({ maxLength: 4000, description: "The family's wishes, in their own words." })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  familyWishes?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: "The family's strengths, in their own words." })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  familyStrengths?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'null: no review date (removes it on update).' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsDateOnly()
  reviewDate?: string | null;

  @ApiPropertyOptional({ type: [NetworkMemberInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUniqueBy('id')
  @ValidateNested({ each: true })
  @Type(() => NetworkMemberInputDto)
  networkMembers?: NetworkMemberInputDto[];

  @ApiPropertyOptional({ type: [CommunityResourceInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUniqueBy('id')
  @ValidateNested({ each: true })
  @Type(() => CommunityResourceInputDto)
  communityResources?: CommunityResourceInputDto[];
}

/**
 * The same fields as on create, all optional; `reviewDate: null` removes the review date. Lists given here replace
 * the plan's lists: entries with an id are kept and updated, the rest added, missing ones removed.
 */
export class UpdatePlanDto extends CreatePlanDto {}

export class CreateGoalDto {
  @ApiProperty({ maxLength: 40, example: 'finances', description: 'A code from GET /life-domains.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(40)
  domainCode: string;

  @ApiProperty({ maxLength: 300, example: 'Schulden zijn in beeld en er is een betalingsregeling' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  targetDate?: string;
}

export class UpdateGoalDto {
  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(40)
  domainCode?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ enum: GOAL_STATUSES })
  @IsOptional()
  @IsIn(GOAL_STATUSES)
  status?: GoalStatus;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsDateOnly()
  targetDate?: string | null;
}

export class ActionOwnerDto {
  @ApiProperty({ enum: ACTION_OWNER_TYPES })
  @IsIn(ACTION_OWNER_TYPES)
  type: ActionOwnerType;

  @ApiProperty({ format: 'uuid', description: 'Id of the professional, organisation, household member or network member.' })
  @IsUuid()
  id: string;
}

export class CreateActionDto {
  @ApiProperty({ maxLength: 1000, example: 'Aanmelden bij schuldhulpverlening' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  description: string;

  // an object, never a list: a list was validated item by item and then ignored (an outside fuzzer), or missed (500)
  @ApiProperty({ type: ActionOwnerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ActionOwnerDto)
  owner: ActionOwnerDto;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  dueDate?: string;
}

export class UpdateActionDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ type: ActionOwnerDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ActionOwnerDto)
  owner?: ActionOwnerDto;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsDateOnly()
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;
}
