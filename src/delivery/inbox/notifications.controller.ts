import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { InboxQueryDto, MarkAllReadDto, NotificationDto, NotificationPreferencesDto } from './dto/notification.dto.js';
import { NotificationsService } from './notifications.service.js';
import { Audit, NoPersonalData } from '../../audit/audit.decorators.js';

@ApiTags('inbox')
@ApiBearerAuth()
@ApiExtraModels(NotificationDto)
@Controller('me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @Audit({ resource: 'notification', action: 'search' })
  @ApiOperation({ operationId: 'listNotifications', summary: 'Your inbox, newest first; `unread=true` for unread only.' })
  @ApiOkResponse({ schema: pageSchema('NotificationDto') })
  @ApiProblems(400)
  inbox(@Query() query: InboxQueryDto) {
    return this.notifications.inbox(query);
  }

  @Post('notifications/read-all')
  @Audit({ resource: 'notification', action: 'update' })
  @HttpCode(200)
  @ApiOperation({ operationId: 'markAllNotificationsRead', summary: 'Mark every inbox item read.' })
  @ApiOkResponse({ type: MarkAllReadDto })
  @ApiProblems()
  markAllRead(): Promise<MarkAllReadDto> {
    return this.notifications.markAllRead();
  }

  @Post('notifications/:notificationId/read')
  @Audit({ resource: 'notification', action: 'update' })
  @HttpCode(204)
  @ApiOperation({ operationId: 'markNotificationRead', summary: 'Mark one inbox item read.' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404)
  markRead(@UuidParam('notificationId') id: string): Promise<void> {
    return this.notifications.markRead(id);
  }

  @Get('notification-preferences')
  @NoPersonalData()
  @ApiOperation({ operationId: 'getNotificationPreferences', summary: 'Whether you also get e-mail, and in which language.' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiProblems()
  preferences(): Promise<NotificationPreferencesDto> {
    return this.notifications.preferences();
  }

  @Put('notification-preferences')
  @NoPersonalData()
  @ApiOperation({ operationId: 'setNotificationPreferences', summary: 'Turn e-mail on or off; choose Dutch or English.' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiProblems(400)
  savePreferences(@Body() body: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.notifications.savePreferences(body);
  }
}
