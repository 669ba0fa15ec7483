import { ApiProperty } from '@nestjs/swagger';
import { ACTION_OWNER_TYPES, ACTION_STATUSES, GOAL_STATUSES, type ActionOwnerType, type ActionStatus, type GoalStatus } from '../plan-values.js';

export class ActionOwnerViewDto {
  @ApiProperty({ enum: ACTION_OWNER_TYPES }) type: ActionOwnerType;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null only for a member of the household the reader may not see (purpose limitation).' }) id: string | null;
}

export class ActionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) goalId: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: ActionOwnerViewDto }) owner: ActionOwnerViewDto;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
}

export class GoalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() domainCode: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: GOAL_STATUSES }) status: GoalStatus;
  @ApiProperty({ format: 'date', nullable: true, type: String }) targetDate: string | null;
  @ApiProperty({ type: [ActionDto] }) actions: ActionDto[];
}

export class NetworkMemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() relation: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null also for a partner whose scope does not open notes about the whole household.' }) support: string | null;
}

export class CommunityResourceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) kind: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null also for a partner whose scope does not open notes about the whole household.' }) note: string | null;
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ description: 'Also sent as ETag; send it back in If-Match to change the plan.' }) version: number;
  @ApiProperty({ nullable: true, type: String, description: "The family's own words. Null for a partner whose care-team scope does not open notes about the whole household (purpose limitation)." })
  familyWishes: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'As familyWishes.' })
  familyStrengths: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) reviewDate: string | null;
  @ApiProperty({ type: [GoalDto] }) goals: GoalDto[];
  @ApiProperty({ type: [NetworkMemberDto] }) networkMembers: NetworkMemberDto[];
  @ApiProperty({ type: [CommunityResourceDto] }) communityResources: CommunityResourceDto[];
  @ApiProperty({ format: 'uuid' }) updatedById: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PlanChangeDto {
  @ApiProperty({ enum: ['create', 'update', 'add', 'remove'] }) op: string;
  @ApiProperty({ enum: ['plan', 'goal', 'action', 'networkMember', 'communityResource'] }) target: string;
  @ApiProperty({ format: 'uuid', required: false }) id?: string;
  @ApiProperty({ type: [String], required: false }) fields?: string[];
}

export class PlanRevisionSummaryDto {
  @ApiProperty({ description: 'Equals the plan version it produced.' }) number: number;
  @ApiProperty({ format: 'uuid' }) changedById: string;
  @ApiProperty() changedByName: string;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
  @ApiProperty({ type: [PlanChangeDto] }) changes: PlanChangeDto[];
}

export class PlanRevisionDto extends PlanRevisionSummaryDto {
  @ApiProperty({ type: PlanDto, description: 'The whole plan as it was after this change.' }) snapshot: PlanDto;
}
