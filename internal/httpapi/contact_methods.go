package httpapi

func (s *Server) contactsRoutes() {}
